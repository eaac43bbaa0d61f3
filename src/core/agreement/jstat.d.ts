/** The part of jStat (npm `jstat`, shipped without types) that the agreement statistics use. */
declare module 'jstat' {
  interface JStat {
    /** Regularised incomplete beta function I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
    studentt: { inv(p: number, df: number): number };
  }
  const jStat: JStat;
  export default jStat;
}
