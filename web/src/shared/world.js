// Country shapes from world-atlas (Natural Earth 1:110m, TopoJSON), turned
// into GeoJSON and registered with ECharts as the map "world". Each feature
// is named by its ISO alpha-2 code so series can refer to countries the way
// Stargate's data does.
import { feature } from 'topojson-client';
import countries110m from 'world-atlas/countries-110m.json';
import { echarts } from './echarts.js';
import { alpha2FromNumeric } from './iso.js';

let registered = false;

// Natural Earth rings that cross the antimeridian (Russia's Chukotka, Fiji)
// jump from +180 to -180; drawn on a flat map that jump is a stripe across
// the world. Unwrapping the longitudes keeps each ring continuous (it then
// reaches a little past 180 degrees east).
function unwrapRing(ring) {
  let shift = 0;
  return ring.map(([lon, lat], i) => {
    if (i > 0) {
      const previous = ring[i - 1][0];
      if (lon - previous > 180) shift -= 360;
      else if (previous - lon > 180) shift += 360;
    }
    return [lon + shift, lat];
  });
}

function unwrapGeometry(geometry) {
  if (!geometry) return geometry;
  if (geometry.type === 'Polygon') return { ...geometry, coordinates: geometry.coordinates.map(unwrapRing) };
  if (geometry.type === 'MultiPolygon') {
    return { ...geometry, coordinates: geometry.coordinates.map((polygon) => polygon.map(unwrapRing)) };
  }
  return geometry;
}

export function registerWorldMap() {
  if (registered) return 'world';
  const geo = feature(countries110m, countries110m.objects.countries);
  geo.features = geo.features
    .filter((f) => f.id !== '010') // Antarctica: no sites, and it takes a fifth of the map
    .map((f) => ({
      ...f,
      geometry: unwrapGeometry(f.geometry),
      properties: { ...f.properties, label: f.properties.name, name: alpha2FromNumeric(f.id) || `x${f.properties.name}` },
    }));
  echarts.registerMap('world', geo);
  registered = true;
  return 'world';
}
