import type { RemediationStep, StepExecution } from '../../triage/remediation/remediator.js';
import { remediationStep as step } from '../remediation-step.js';
import type { LocalDeviceState } from './local-remediation-state.js';

/** The step of isolating a device on the local state. */
export function planDeviceSteps(key: string, device: LocalDeviceState): RemediationStep[] {
  if (device.isolated)
    return [
      step(
        'isolateDevice',
        key,
        `${device.name} is already isolated (since ${device.isolatedAt ?? 'unknown'}); nothing to change.`,
        false,
        { name: device.name },
      ),
    ];
  return [
    step(
      'isolateDevice',
      key,
      `Isolate ${device.name} from the network (full isolation: only the Defender for Endpoint service stays connected). Undo releases it.`,
      true,
      { name: device.name },
    ),
  ];
}

/** Performs a device step on the in-memory state (persisted by the caller); a refusal changes nothing. */
export function applyDeviceStep(
  device: LocalDeviceState | undefined,
  kind: 'isolateDevice' | 'releaseDevice',
  now: string,
): StepExecution {
  if (!device) return { ok: false, message: 'Defender for Endpoint does not know this device.' };
  if (device.simulatedFailure) return { ok: false, message: device.simulatedFailure };
  device.isolated = kind === 'isolateDevice';
  device.isolatedAt = device.isolated ? now : null;
  return { ok: true, message: device.isolated ? 'Device isolated.' : 'Device released from isolation.' };
}
