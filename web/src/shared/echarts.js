// The parts of ECharts Stargate draws with, registered once; importing only
// these keeps the bundles small (tree shaking drops the rest). Each front
// end registers the one renderer it uses: SVG for the report, canvas for the
// dashboard.
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  GeoComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent,
} from 'echarts/components';

echarts.use([
  BarChart, CustomChart, LineChart, ScatterChart, GeoComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent,
]);

export { echarts };
