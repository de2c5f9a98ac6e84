// For tests: runs as the backend returns them.
import type { ClockView, MetricsView, RunSummary, RunView, StepView } from '../lib/ipc/generated';

export const text = (en: string, nl = en) => ({ en, nl });

export function summary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    id: '0190a000-0000-7000-8000-000000000001',
    mode: 'incident',
    title: 'Phishing at a customer',
    playbookId: 'incident-procedure',
    playbookTitle: text('Information security incident procedure', 'Procedure informatiebeveiligingsincidenten'),
    phase: 'responding',
    activeSteps: [
      {
        id: 'triage',
        title: text('Event or incident?', 'Gebeurtenis of incident?'),
        track: 'assess',
        role: 'incident-manager',
        holder: 'Kari',
        status: 'active',
      },
    ],
    stepsDone: 2,
    stepsNotApplicable: 0,
    stepCount: 14,
    startedAt: '2026-11-26T08:00:00Z',
    startedBy: 'Kari',
    clocks: [],
    closedAt: null,
    closedBy: null,
    ...over,
  };
}

export function clock(over: Partial<ClockView> = {}): ClockView {
  return {
    id: 'triage-4h',
    title: text('Triage within 4 hours'),
    from: 'report',
    stopsWhen: 'classified',
    deadline: null,
    state: 'pending',
    overdue: false,
    metAt: null,
    marginSeconds: null,
    missedBySeconds: null,
    ruledOut: null,
    ...over,
  };
}

export function step(over: Partial<StepView> = {}): StepView {
  return {
    id: 'report-event',
    title: text('Record the reported event'),
    instructions: text('Write down what was observed.'),
    role: 'responder',
    holder: 'Kari',
    track: 'assess',
    after: [],
    afterAny: [],
    durationSeconds: 900,
    checklist: [text('Time of detection noted')],
    evidenceRequests: [],
    question: null,
    options: [],
    status: 'pending',
    statusAt: null,
    statusBy: null,
    statusDevice: null,
    reason: null,
    ruledOut: null,
    visits: 1,
    ...over,
  };
}

export const noMetrics: MetricsView = {
  toDetect: null,
  toReport: null,
  toContain: null,
  toEradicate: null,
  toRecover: null,
  toClose: null,
};

export function runView(over: Partial<RunView> = {}, sum: Partial<RunSummary> = {}): RunView {
  return {
    summary: summary({ phase: 'starting', ...sum }),
    tracks: [
      { id: 'assess', title: text('Assess', 'Beoordelen') },
      { id: 'contain', title: text('Contain', 'Inperken') },
    ],
    steps: [
      step(),
      step({
        id: 'triage',
        title: text('Event or incident?'),
        role: 'incident-manager',
        after: ['report-event'],
        question: text('Is this an information security incident?'),
        options: [
          { id: 'incident', title: text('Incident'), criteria: text('Harm is likely.') },
          { id: 'event', title: text('Event only'), criteria: null },
        ],
      }),
    ],
    roles: ['incident-manager', 'responder', 'scribe', 'technical-lead'],
    assignments: [],
    signOffRole: 'incident-manager',
    signOffStatement: null,
    moments: [],
    metrics: noMetrics,
    overrides: [],
    concurrent: [],
    conflicts: [],
    notifications: [],
    facts: [],
    affectedCustomers: [],
    decisions: [],
    notes: [],
    evidence: [],
    lastSeq: 1,
    recordSignedOff: [],
    ...over,
  };
}
