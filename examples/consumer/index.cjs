// A CommonJS consumer: require() of the ESM package (Node >= 20.19 loads ESM through require).
const { risk, SmcError } = require('smc-engine');

const returns = new Float64Array([0.012, -0.004, 0.007, -0.021, 0.003, -0.011, 0.016, -0.032, 0.009, 0.001]);
console.log(`cjs: median = ${risk.quantile(returns, 0.5, 'median_unbiased').toFixed(6)}`);
try {
  risk.quantile(new Float64Array([1, Number.NaN]), 0.5);
} catch (err) {
  if (!(err instanceof SmcError)) throw err;
  console.log(`cjs: typed error ${err.code}`);
}
