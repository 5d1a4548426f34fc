import { Group, MultiSelect, NumberInput, TagsInput, Text, TextInput } from '@mantine/core';
import type { Condition, GridColumn } from '../../api/types.js';
import { minorDigits, toMajor, toMinor } from '../../components/money.js';
import { ClientMultiSelect, useMemberOptions, useSalesRepOptions } from '../../components/pickers.js';
import { DAY_COUNT_OPERATORS, LIST_OPERATORS, NO_VALUE_OPERATORS } from './filter-model.js';

type Value = Condition['value'];

interface ConditionValueInputProps {
  readonly column: GridColumn;
  readonly condition: Condition;
  readonly onChange: (value: Value) => void;
}

/** The value part of a condition, shaped by the column's type and the chosen operator. */
export function ConditionValueInput({ column, condition, onChange }: ConditionValueInputProps) {
  const { op, value } = condition;
  const label = `Value for ${column.label}`;
  if (NO_VALUE_OPERATORS.has(op)) return null;
  if (LIST_OPERATORS.has(op)) return <ListValue column={column} value={Array.isArray(value) ? value.map(String) : []} onChange={onChange} label={label} />;
  if (DAY_COUNT_OPERATORS.has(op)) {
    return (
      <NumberInput
        aria-label={`Number of days for ${column.label}`}
        size="xs"
        w={120}
        min={0}
        max={36500}
        allowDecimal={false}
        allowNegative={false}
        suffix=" days"
        value={typeof value === 'number' ? value : ''}
        onChange={(v) => onChange(v === '' ? null : Number(v))}
      />
    );
  }
  if (op === 'between') {
    const pair = Array.isArray(value) ? value : ['', ''];
    const set = (i: 0 | 1, v: string | number | null) => {
      const next = [pair[0] ?? '', pair[1] ?? ''];
      next[i] = v ?? '';
      onChange(next);
    };
    return (
      <Group gap={6} wrap="nowrap">
        <ScalarValue column={column} value={pair[0] ?? ''} onChange={(v) => set(0, v)} label={`From, for ${column.label}`} />
        <Text size="xs" c="dimmed">
          and
        </Text>
        <ScalarValue column={column} value={pair[1] ?? ''} onChange={(v) => set(1, v)} label={`To, for ${column.label}`} />
      </Group>
    );
  }
  return <ScalarValue column={column} value={typeof value === 'string' || typeof value === 'number' ? value : ''} onChange={onChange} label={label} />;
}

function ScalarValue({ column, value, onChange, label }: { column: GridColumn; value: string | number; onChange: (v: string | number | null) => void; label: string }) {
  switch (column.type) {
    case 'number':
    case 'days':
      return <NumberInput aria-label={label} size="xs" w={130} value={value} onChange={(v) => onChange(v === '' ? null : Number(v))} thousandSeparator="," />;
    case 'currency': {
      // People type 1,200.50; the server compares integer minor units.
      const currency = column.currency ?? 'USD';
      return (
        <NumberInput
          aria-label={label}
          size="xs"
          w={150}
          value={typeof value === 'number' ? toMajor(value, currency) : ''}
          onChange={(v) => onChange(v === '' ? null : toMinor(Number(v), currency))}
          decimalScale={minorDigits(currency)}
          thousandSeparator=","
          rightSection={
            <Text size="xs" c="dimmed">
              {currency}
            </Text>
          }
          rightSectionWidth={40}
        />
      );
    }
    case 'date':
    case 'datetime':
      return <TextInput aria-label={label} size="xs" w={150} type="date" value={String(value)} onChange={(e) => onChange(e.currentTarget.value)} />;
    default:
      return <TextInput aria-label={label} size="xs" miw={160} style={{ flex: 1 }} value={String(value)} onChange={(e) => onChange(e.currentTarget.value)} placeholder="Type a value" />;
  }
}

function ListValue({ column, value, onChange, label }: { column: GridColumn; value: string[]; onChange: (v: string[]) => void; label: string }) {
  const members = useMemberOptions(column.type === 'member');
  const reps = useSalesRepOptions(column.key === 'sales_rep');
  const common = { 'aria-label': label, size: 'xs' as const, miw: 200, style: { flex: 1 }, value, onChange };
  if (column.options && column.options.length > 0) return <MultiSelect {...common} data={column.options} placeholder="Choose one or more" searchable />;
  if (column.type === 'member') return <MultiSelect {...common} data={members} placeholder="Choose members" searchable />;
  if (column.key === 'sales_rep') return <MultiSelect {...common} data={reps} placeholder="Choose sales reps" searchable />;
  if (column.type === 'ref') return <ClientMultiSelect {...common} />;
  return <TagsInput {...common} placeholder="Type and press Enter" splitChars={[',']} />;
}
