// For tests: runs as the backend returns them.
import type { RunSummary, RunView, StepView } from '../lib/ipc/generated';

export const text = (en: string, nl = en) => ({ en, nl });

export function summary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    id: '0190a000-0000-7000-8000-000000000001',
    mode: 'incident',
    title: 'Phishing at a customer',
    playbookId: 'incident-procedure',
    playbookTitle: text('Information security incident procedure', 'Procedure informatiebeveiligingsincidenten'),
    phase: 'responding',
    currentStep: 'triage',
    currentStepTitle: text('Event or incident?', 'Gebeurtenis of incident?'),
    stepsDone: 2,
    stepCount: 14,
    startedAt: '2026-11-26T08:00:00Z',
    startedBy: 'Kari',
    clocks: [],
    closedAt: null,
    closedBy: null,
    ...over,
  };
}

export function step(over: Partial<StepView> = {}): StepView {
  return {
    id: 'report-event',
    title: text('Record the reported event'),
    instructions: text('Write down what was observed.'),
    role: 'responder',
    durationSeconds: 900,
    checklist: [text('Time of detection noted')],
    evidenceRequests: [],
    question: null,
    options: [],
    status: 'pending',
    statusAt: null,
    statusBy: null,
    reason: null,
    ...over,
  };
}

export function runView(over: Partial<RunView> = {}, sum: Partial<RunSummary> = {}): RunView {
  return {
    summary: summary({ phase: 'starting', currentStep: 'report-event', ...sum }),
    steps: [
      step(),
      step({
        id: 'triage',
        title: text('Event or incident?'),
        role: 'incident-manager',
        question: text('Is this an information security incident?'),
        options: [
          { id: 'incident', title: text('Incident'), criteria: text('Harm is likely.') },
          { id: 'event', title: text('Event only'), criteria: null },
        ],
      }),
    ],
    roles: ['incident-manager', 'responder', 'scribe'],
    assignments: [],
    signOffRole: 'incident-manager',
    signOffStatement: null,
    decisions: [],
    notes: [],
    evidence: [],
    lastSeq: 1,
    ...over,
  };
}
