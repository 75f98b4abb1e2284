/**
 * What `changeset version` would do with the pending changesets, computed with changesets' own
 * planner, and the versioning rules it must keep while tsjax is 0.x: no package reaches 1.0.0
 * (a core minor must not make its dependents majors), and a package's first release is 0.1.0.
 */
import assembleReleasePlan from "@changesets/assemble-release-plan";
import readChangesets from "@changesets/read";
import { read as readConfig } from "@changesets/config";
import { getPackages } from "@manypkg/get-packages";
import { ROOT } from "./rules.mjs";

/** The release plan for the pending changesets plus `extra` ones ({ releases: [{ name, type }], summary }). */
export async function releasePlan(extra = []) {
  const packages = await getPackages(ROOT);
  const config = await readConfig(ROOT, packages);
  const changesets = [...(await readChangesets(ROOT)), ...extra.map((c, i) => ({ id: `extra-${i}`, summary: "", ...c }))];
  return { plan: assembleReleasePlan(changesets, packages, config, undefined, undefined), config };
}

/** Where a plan breaks the 0.x rules, as messages. */
export function planProblems(plan) {
  const out = [];
  for (const r of plan.releases) {
    if (r.type === "none") continue;
    if (Number(r.newVersion.split(".")[0]) >= 1 && Number(r.oldVersion.split(".")[0]) < 1) {
      out.push(`${r.name} would go from ${r.oldVersion} to ${r.newVersion} (${r.type}): a 0.x package must stay 0.x`);
    }
    if (r.oldVersion === "0.0.0" && r.newVersion !== "0.1.0") {
      out.push(`${r.name}'s first release would be ${r.newVersion}: it must be 0.1.0 (give it a "minor" changeset)`);
    }
  }
  return out;
}
