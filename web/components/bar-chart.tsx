import { Box, Group, Text } from '@mantine/core';

export interface Bar {
  /** What the bar stands for, shown under the chart at the ends and in the hover title. */
  readonly label: string;
  readonly value: number;
}

/**
 * A plain SVG bar chart, one bar per day: enough for a trend at a glance without a charting
 * library. Each bar carries a title (hover, screen readers); the figure has a summary label.
 */
export function BarChart({ bars, height = 120, unit, color = 'var(--mantine-color-blue-6)' }: { bars: readonly Bar[]; height?: number; unit: string; color?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = 100 / Math.max(1, bars.length);
  const total = bars.reduce((n, b) => n + b.value, 0);
  return (
    <Box>
      <svg role="img" aria-label={`${unit} per day, ${bars.length} days, highest ${max}, total ${total}`} viewBox={`0 0 100 ${height}`} preserveAspectRatio="none" width="100%" height={height} style={{ display: 'block' }}>
        <line x1="0" x2="100" y1={height - 0.5} y2={height - 0.5} stroke="var(--mantine-color-gray-3)" strokeWidth="1" vectorEffect="non-scaling-stroke" />
        {bars.map((b, i) => {
          const h = b.value === 0 ? 0 : Math.max(2, (b.value / max) * (height - 4));
          return (
            <rect key={b.label} x={i * width + width * 0.15} width={width * 0.7} y={height - h} height={h} fill={color} rx="0.6">
              <title>{`${b.label}: ${b.value} ${unit}`}</title>
            </rect>
          );
        })}
      </svg>
      <Group justify="space-between" mt={4}>
        <Text size="xs" c="dimmed">
          {bars[0]?.label}
        </Text>
        <Text size="xs" c="dimmed">
          peak {max} {unit}
        </Text>
        <Text size="xs" c="dimmed">
          {bars[bars.length - 1]?.label}
        </Text>
      </Group>
    </Box>
  );
}
