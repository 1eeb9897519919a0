// ES-module face of topojson-client's UMD build (written by ../update.sh, no eval): importing
// the UMD file as a module runs it with no `exports` or `define`, so it sets self.topojson;
// this file re-exports its functions.
import './topojson-client.js';

const topojson = self.topojson;
export const { bbox, feature, merge, mergeArcs, mesh, meshArcs, neighbors, quantize, transform,
  untransform } = topojson;
export default topojson;
