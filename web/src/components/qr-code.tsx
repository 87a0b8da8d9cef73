import { encode } from 'uqr';

/** A QR code of `text`, drawn as one SVG path (no HTML strings), with the text as its accessible name. */
export function QrCode(props: { text: string; label: string }) {
  const qr = () => encode(props.text, { border: 2 });
  const path = () =>
    qr()
      .data.flatMap((row, y) => row.map((dark, x) => (dark ? `M${x} ${y}h1v1h-1z` : '')))
      .join('');
  return (
    <svg
      class="qr-code"
      viewBox={`0 0 ${qr().size} ${qr().size}`}
      role="img"
      aria-label={props.label}
      shape-rendering="crispEdges"
    >
      <rect width="100%" height="100%" fill="#fff" />
      <path d={path()} fill="#000" />
    </svg>
  );
}
