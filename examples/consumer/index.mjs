// An ESM consumer: 95% historical VaR of some daily returns, and a rolling 5% quantile.
import { risk, OutOfRangeError } from 'smc-engine';

const returns = new Float64Array([0.012, -0.004, 0.007, -0.021, 0.003, -0.011, 0.016, -0.032, 0.009, 0.001]);
const var95 = -risk.quantile(returns, 0.05);
console.log(`esm: 95% VaR = ${var95.toFixed(6)}`);

const rolling = new risk.RollingQuantile({ window: 5, p: 0.05 });
console.log(`esm: rolling 5% quantile = ${Array.from(rolling.pushMany(returns), (x) => x.toFixed(4)).join(' ')}`);

try {
  risk.quantile(returns, 1.5);
} catch (err) {
  if (!(err instanceof OutOfRangeError)) throw err;
  console.log(`esm: typed error ${err.code}`);
}
