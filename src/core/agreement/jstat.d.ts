/** The part of jStat (npm `jstat`, shipped without types) that the agreement statistics use. */
declare module 'jstat' {
  interface JStat {
    centralF: { inv(p: number, df1: number, df2: number): number };
    studentt: { inv(p: number, df: number): number };
  }
  const jStat: JStat;
  export default jStat;
}
