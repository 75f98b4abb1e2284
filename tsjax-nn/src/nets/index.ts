/**
 * `nets`: whole networks (haiku's `hk.nets`).
 *
 * @example
 * import { nets } from "tsjax-nn";
 * const logits = new nets.ResNet18(10).call(images, true);
 */
export { MLP, type MLPOptions } from "./mlp.js";
export { BlockGroup, BlockV1, BlockV2, type BNConfig, RESNET_CONFIGS, ResNet, ResNet18, ResNet34, ResNet50, type ResNetOptions } from "./resnet.js";
