/**
 * The two icons every service line shows (help, delete) as plain SVG, drawn like antd's
 * QuestionCircleOutlined and DeleteOutlined. antd's icon component checks the page's style sheets
 * each time one mounts, which over a thousand lines costs more than the rows themselves.
 */
const svg = (paths: string[]) => (
  <span role="img" aria-hidden="true" className="anticon">
    <svg viewBox="64 64 896 896" focusable="false" width="1em" height="1em" fill="currentColor">
      {paths.map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  </span>
);

const QUESTION = [
  "M512 64C264.6 64 64 264.6 64 512s200.6 448 448 448 448-200.6 448-448S759.4 64 512 64zm0 820c-205.4 0-372-166.6-372-372s166.6-372 372-372 372 166.6 372 372-166.6 372-372 372z",
  "M623.6 316.7C593.6 290.4 554 276 512 276s-81.6 14.5-111.6 40.7C369.2 344 352 380.7 352 420v7.6c0 4.4 3.6 8 8 8h48c4.4 0 8-3.6 8-8V420c0-44.1 43.1-80 96-80s96 35.9 96 80c0 31.1-22 59.6-56.1 72.7-21.2 8.1-39.2 22.3-52.1 40.9-13.1 19-19.9 41.8-19.9 64.9V620c0 4.4 3.6 8 8 8h48c4.4 0 8-3.6 8-8v-22.7a48.3 48.3 0 0130.9-44.8c59-22.7 97.1-74.7 97.1-132.5.1-39.3-17.1-76-48.3-103.3zM472 732a40 40 0 1080 0 40 40 0 10-80 0z",
];
const DELETE = [
  "M360 184h-8c4.4 0 8-3.6 8-8v8h304v-8c0 4.4 3.6 8 8 8h-8v72h72v-80c0-35.3-28.7-64-64-64H352c-35.3 0-64 28.7-64 64v80h72v-72zm504 72H160c-17.7 0-32 14.3-32 32v32c0 4.4 3.6 8 8 8h60.4l24.7 523c1.6 34.1 29.8 61 63.9 61h454c34.2 0 62.3-26.8 63.9-61l24.7-523H888c4.4 0 8-3.6 8-8v-32c0-17.7-14.3-32-32-32zM731.3 840H292.7l-24.2-512h487l-24.2 512z",
];

/** Made once: the same elements in every row. */
export const HelpIcon = svg(QUESTION);
export const DeleteIcon = svg(DELETE);
