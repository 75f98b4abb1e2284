import { packageConfig } from "../scripts/packages/tsup-config.js";

export default packageConfig();
