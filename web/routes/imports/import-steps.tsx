import { Stepper } from '@mantine/core';

const STEPS = [
  { label: 'Choose a file', description: 'Clients or contacts' },
  { label: 'Map columns', description: 'To Candor’s fields' },
  { label: 'Check', description: 'Nothing written yet' },
  { label: 'Import', description: 'In the background' },
  { label: 'Done', description: 'Undo if needed' },
] as const;

/** Where this import stands, as the five steps of the wizard; navigation happens in the page itself. */
export function ImportSteps({ active }: { active: number }) {
  return (
    <Stepper active={active} size="sm" allowNextStepsSelect={false} mb="xl">
      {STEPS.map((step) => (
        <Stepper.Step key={step.label} label={step.label} description={step.description} />
      ))}
    </Stepper>
  );
}
