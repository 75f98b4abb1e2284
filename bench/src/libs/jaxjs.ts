/**
 * jax-js adapters (`@jax-js/jax`, webgpu and wasm devices). jax-js arrays are reference counted:
 * every operation consumes its inputs, so values used again are passed as `.ref`.
 */
import type { Workload } from "../workloads.js";
import { MLP, mlpBatch, mlpInit, testData } from "../workloads.js";
import type { Adapter, Case } from "./adapter.js";
import { jaxjsNetCase } from "./jaxjs-nets.js";

type Jx = typeof import("@jax-js/jax");
type JArray = import("@jax-js/jax").Array;

export function jaxjsAdapter(device: "webgpu" | "wasm"): Adapter {
  let jx: Jx;
  /** float16 inputs are converted on the device (Node has no Float16Array for jax-js to read). */
  const put = (data: Float32Array, shape: number[], f16 = 0) => {
    const x = jx.numpy.array(data).reshape(shape);
    return f16 ? x.astype(jx.numpy.float16) : x;
  };
  const simple = (f: (...xs: JArray[]) => JArray, inputs: JArray[]): Case => {
    const g = jx.jit(f);
    return {
      async run() {
        const out = g(...inputs.map((x) => x.ref));
        await jx.blockUntilReady(out);
        out.dispose();
      },
      dispose: () => {
        inputs.forEach((x) => x.dispose());
        g.dispose();
      },
    };
  };
  return {
    name: `jax-js ${device}`,
    async setup() {
      jx = await import("@jax-js/jax");
      const devs = await jx.init();
      if (!devs.includes(device)) return `jax-js has no ${device} device here`;
      jx.defaultDevice(device);
      return undefined;
    },
    activate() {
      jx.defaultDevice(device);
    },
    async build(w: Workload) {
      const { numpy: np, nn, lax } = jx;
      const s = w.size as Record<string, number>;
      switch (w.kind) {
        case "matmul": {
          const n = s.n!;
          return simple((a, b) => np.matmul(a!, b!), [put(testData(n * n, 1), [n, n], s.f16), put(testData(n * n, 2), [n, n], s.f16)]);
        }
        case "chain":
          return simple((x) => {
            const t = np.tanh(x!.ref.mul(1.5).add(0.5)).mul(x!).sub(0.25);
            return np.sqrt(np.maximum(np.exp(t), 0.1));
          }, [put(testData(s.n!), [s.n!], s.f16)]);
        case "softmax":
          return simple((x) => nn.softmax(x!, -1), [put(testData(s.rows! * s.cols!), [s.rows!, s.cols!])]);
        case "layernorm":
          return simple((x) => nn.standardize(x!, -1), [put(testData(s.rows! * s.cols!), [s.rows!, s.cols!])]);
        case "sum":
          return simple((x) => np.sum(x!, s.axis!), [put(testData(s.n! * s.n!), [s.n!, s.n!])]);
        case "conv": {
          const x = put(testData(s.batch! * s.cin! * s.hw! * s.hw!), [s.batch!, s.cin!, s.hw!, s.hw!]);
          const k = put(testData(s.cout! * s.cin! * s.k! * s.k!, 3), [s.cout!, s.cin!, s.k!, s.k!]);
          return simple((a, b) => lax.convGeneralDilated(a!, b!, [1, 1], "SAME"), [x, k]);
        }
        case "mlp": {
          const loss = (params: JArray[], x: JArray, y: JArray): JArray => {
            const [w1, b1, w2, b2, w3, b3] = params as [JArray, JArray, JArray, JArray, JArray, JArray];
            const h1 = nn.relu(np.matmul(x, w1).add(b1));
            const h2 = nn.relu(np.matmul(h1, w2).add(b2));
            const logits = np.matmul(h2, w3).add(b3);
            return nn.logSoftmax(logits, -1).mul(y).sum(-1).mean().neg();
          };
          const step = jx.jit((params: JArray[], x: JArray, y: JArray) => {
            const [l, grads] = jx.valueAndGrad(loss)(params.map((p) => p.ref), x, y);
            return [params.map((p, i) => p.sub((grads as JArray[])[i]!.mul(MLP.lr))), l] as [JArray[], JArray];
          });
          let params = mlpInit().map((p) => put(p.data, p.shape));
          const batch = mlpBatch(s.batch!);
          const x = put(batch.x, [s.batch!, 784]);
          const y = put(batch.y, [s.batch!, 10]);
          return {
            async run() {
              const [next, l] = step(params, x.ref, y.ref) as [JArray[], JArray];
              params = next;
              await jx.blockUntilReady(l);
              l.dispose();
            },
            dispose: () => {
              [...params, x, y].forEach((a) => a.dispose());
              step.dispose();
            },
          };
        }
        case "cnn":
        case "transformer":
          return jaxjsNetCase(jx, w);
        default:
          return undefined;
      }
    },
  };
}
