// Texts and severity colours of the dashboard's map, Vietnamese first with English. The
// severity labels are the ones proto/src/vocabulary.cpp gives (the server's `label`, when a
// CaseItem carries one, wins over these).

// Colours: a sequential scale (dark = more severe) that stays ordered in grey scale; each
// marker also carries a glyph and every popup and the legend the label, so colour is never the
// only cue.
export const SEVERITIES = [
  { name: 'extreme', rank: 4, colour: '#67001f', text: '#ffffff', glyph: '!!!',
    vi: 'Đặc biệt nghiêm trọng', en: 'Extreme' },
  { name: 'severe', rank: 3, colour: '#d6604d', text: '#ffffff', glyph: '!!',
    vi: 'Nghiêm trọng', en: 'Severe' },
  { name: 'moderate', rank: 2, colour: '#f4a582', text: '#1a1a1a', glyph: '!',
    vi: 'Trung bình', en: 'Moderate' },
  { name: 'minor', rank: 1, colour: '#fddbc7', text: '#1a1a1a', glyph: '·',
    vi: 'Nhẹ', en: 'Minor' },
  { name: 'unknown', rank: 0, colour: '#8c8c8c', text: '#ffffff', glyph: '?',
    vi: 'Chưa rõ mức độ', en: 'Unknown severity' },
];

export function severityOf(name) {
  return SEVERITIES.find((s) => s.name === name) || SEVERITIES[SEVERITIES.length - 1];
}

// Shown on the map (Leaflet's attribution control), as geo/README.md requires.
export const ATTRIBUTION = 'Province boundaries: geoBoundaries (Runfola et al. 2020), from Open '
  + 'Development Mekong / Vietnam Department of Survey and Mapping, CC BY-SA 4.0';

const TEXTS = {
  vi: {
    ariaLabel: 'Bản đồ cảnh báo theo tỉnh',
    legendTitle: 'Mức độ nghiêm trọng',
    legendLabel: 'Chú giải bản đồ',
    areaShaded: 'Điểm: vị trí của cảnh báo; vùng tô màu: tỉnh mà cảnh báo nêu',
    schemes: {
      'VN-2004': 'Ranh giới 63 tỉnh (trước 01/7/2025)',
      'VN-2025': 'Ranh giới 34 tỉnh (từ 01/7/2025)',
    },
    borderDistance: (km, province) => `Cách ranh giới tỉnh ${km} km (${province})`,
    // The label of Fire.distance_to_border_km in the vocabulary, as the issuing unit gave it.
    reportedBorder: (km) => `Khoảng cách đến ranh giới tỉnh (đơn vị báo cáo): ${km} km`,
    areas: (names) => `Khu vực: ${names}`,
    morePoints: (count) => `Còn ${count} vị trí khác, xem trang cảnh báo`,
    outsideProvinces: 'Điểm nằm ngoài ranh giới các tỉnh trên bản đồ',
    casesInArea: (name, count) => `${name}: ${count} cảnh báo`,
    markerLabel: (severity, title) => `${severity}: ${title}`,
    openAlert: 'Xem cảnh báo',
    untitled: '(không có tiêu đề)',
    zoomIn: 'Phóng to',
    zoomOut: 'Thu nhỏ',
    closePopup: 'Đóng',
    numberLocale: 'vi-VN',
  },
  en: {
    ariaLabel: 'Map of alerts by province',
    legendTitle: 'Severity',
    legendLabel: 'Map legend',
    areaShaded: 'Marker: the alert\u2019s place; shaded: the provinces it names',
    schemes: {
      'VN-2004': 'Boundaries of the 63 provinces (before 1 July 2025)',
      'VN-2025': 'Boundaries of the 34 provinces (from 1 July 2025)',
    },
    borderDistance: (km, province) => `${km} km from the province border (${province})`,
    reportedBorder: (km) => `Distance to the provincial border (as reported): ${km} km`,
    areas: (names) => `Areas: ${names}`,
    morePoints: (count) => `${count} more place${count === 1 ? '' : 's'} on the alert\u2019s page`,
    outsideProvinces: 'The point lies outside the provinces on the map',
    casesInArea: (name, count) => `${name}: ${count} alert${count === 1 ? '' : 's'}`,
    markerLabel: (severity, title) => `${severity}: ${title}`,
    openAlert: 'Open the alert',
    untitled: '(no title)',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    closePopup: 'Close',
    numberLocale: 'en-GB',
  },
};

export function texts(language) {
  return TEXTS[language] || TEXTS.vi;
}

export function severityLabel(severity, language) {
  return language === 'en' ? severity.en : severity.vi;
}
