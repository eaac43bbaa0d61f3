/** HTML5 drag data types: a series row or a DTI map button dragged onto a viewport pane. */
export const SERIES_DRAG_TYPE = 'application/x-dti-series';
export const MAP_DRAG_TYPE = 'application/x-dti-map';
