// Type-checked usage: `tsc -p examples/consumer` must accept the calls below and reject the
// ones marked @ts-expect-error (tsc fails if any of them stops being an error).
import { risk, type SmcErrorCode } from 'smc-engine';

const returns = new Float64Array([0.01, -0.02, 0.005]);
const q: number = risk.quantile(returns, 0.05, 'hazen');
const qs: Float64Array = risk.quantiles(returns, [0.01, 0.05]);
const rolling = new risk.RollingQuantile({ window: 250, p: 0.01, method: 'weibull' });
const code: SmcErrorCode = 'SMC_OUT_OF_RANGE';

// @ts-expect-error a number[] is not a Float64Array: hot paths take typed arrays only
risk.quantile([0.01, -0.02], 0.05);
// @ts-expect-error p is a number, not a string
risk.quantile(returns, '0.05');
// @ts-expect-error 'type7' is not a quantile method name
risk.quantile(returns, 0.05, 'type7');
// @ts-expect-error window is required
new risk.RollingQuantile({ p: 0.05 });

export { q, qs, rolling, code };
