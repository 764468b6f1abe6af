import { useEffect, useState } from 'react';
import {
  Button,
  Card,
  CardBody,
  CardTitle,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  HelperText,
  HelperTextItem,
  TextInput,
} from '@patternfly/react-core';
import {
  CLIENT_DEVICES,
  CLIENT_DEVICE_NAMES,
  NETWORK_PROFILES,
  PROTOCOLS,
  type ClientDevice,
  type NetworkProfile,
  type Protocol,
} from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { NETWORK_NAMES, PROTOCOL_NAMES } from '../sessions/index.ts';
import { CUSTOM_LIMITS, customErrors, type ConnectDraft, type CustomField } from './connect-form.ts';
import { UserPicker, type PickedUser } from './UserPicker.tsx';

/** What each network profile stands for, in words (the engine holds the figures). */
const NETWORK_HINTS: Record<NetworkProfile, string> = {
  lan: 'Office LAN next to the data centre: about 1 ms, no loss.',
  'branch-wan': 'Branch office over MPLS/SD-WAN: tens of ms, a few Mbit/s shared.',
  'home-broadband': 'Cable or fibre at home: low latency, plenty of bandwidth.',
  '4g': 'Mobile data: variable latency, some loss.',
  'hotel-wifi': 'Crowded hotel Wi-Fi: high latency, loss, little bandwidth.',
  custom: 'Your own figures: round trip, packet loss and bandwidth.',
};

/** The thin client's connection settings: who, from which device, over which protocol and network. */
export function ConnectForm({
  draft,
  onChange,
  onConnect,
  busy,
  problems,
}: {
  draft: ConnectDraft;
  onChange(d: ConnectDraft): void;
  onConnect(): void;
  busy: boolean;
  /** Reasons the last attempt could not be sent (shown after a click). */
  problems: string[];
}) {
  const [picked, setPicked] = useState<PickedUser | null>(null);
  // A user named in the URL (a reload, the wall, a pop-out window): fetch who it is.
  useEffect(() => {
    if (!draft.userId || picked?.id === draft.userId) return;
    let cancelled = false;
    getClient()
      .call('helpdesk-user', { userId: draft.userId })
      .then(
        (h) => {
          if (!cancelled) setPicked({ id: h.user.id, login: h.user.login, displayName: h.user.displayName });
        },
        () => undefined,
      );
    return () => {
      cancelled = true;
    };
  }, [draft.userId, picked?.id]);

  const errs = customErrors(draft);
  const setCustom = (k: CustomField, v: string) => onChange({ ...draft, custom: { ...draft.custom, [k]: v } });
  return (
    <Card isCompact data-testid="connect-form">
      <CardTitle>Connect as user</CardTitle>
      <CardBody>
        <Form
          onSubmit={(e) => {
            e.preventDefault();
            onConnect();
          }}
        >
          <FormGroup label="User" isRequired fieldId="connect-user">
            <UserPicker
              picked={picked && picked.id === draft.userId ? picked : null}
              onPick={(u) => {
                setPicked(u);
                onChange({ ...draft, userId: u?.id ?? '' });
              }}
              testId="connect-user"
            />
          </FormGroup>
          <FormGroup label="Client device" fieldId="connect-device">
            <FormSelect
              id="connect-device"
              value={draft.device}
              onChange={(_e, v) => onChange({ ...draft, device: v as ClientDevice })}
              data-testid="connect-device"
              aria-label="Client device"
            >
              {CLIENT_DEVICES.map((d) => (
                <FormSelectOption key={d} value={d} label={CLIENT_DEVICE_NAMES[d]} />
              ))}
            </FormSelect>
          </FormGroup>
          <FormGroup label="Protocol" fieldId="connect-protocol">
            <FormSelect
              id="connect-protocol"
              value={draft.protocol}
              onChange={(_e, v) => onChange({ ...draft, protocol: v as Protocol | '' })}
              data-testid="connect-protocol"
              aria-label="Protocol"
            >
              <FormSelectOption value="" label="The pool's protocol" />
              {PROTOCOLS.map((p) => (
                <FormSelectOption key={p} value={p} label={PROTOCOL_NAMES[p]} />
              ))}
            </FormSelect>
          </FormGroup>
          <FormGroup label="Network" fieldId="connect-network">
            <FormSelect
              id="connect-network"
              value={draft.network}
              onChange={(_e, v) => onChange({ ...draft, network: v as NetworkProfile })}
              data-testid="connect-network"
              aria-label="Network"
            >
              {NETWORK_PROFILES.map((n) => (
                <FormSelectOption key={n} value={n} label={NETWORK_NAMES[n]} />
              ))}
            </FormSelect>
            <FormHelperText>
              <HelperText>
                <HelperTextItem>{NETWORK_HINTS[draft.network]}</HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          {draft.network === 'custom' ? (
            <Grid hasGutter>
              {(Object.keys(CUSTOM_LIMITS) as CustomField[]).map((k) => (
                // One per row: the form is a narrow column, and three side by side cut "4000" to "4" (black-box round 6).
                <GridItem key={k} span={12}>
                  <FormGroup label={`${CUSTOM_LIMITS[k].label} (${CUSTOM_LIMITS[k].unit})`} fieldId={`connect-${k}`}>
                    <TextInput
                      id={`connect-${k}`}
                      type="number"
                      value={draft.custom[k]}
                      onChange={(_e, v) => setCustom(k, v)}
                      validated={errs[k] ? 'error' : 'default'}
                      data-testid={`connect-custom-${k}`}
                    />
                    {errs[k] ? (
                      <FormHelperText>
                        <HelperText>
                          <HelperTextItem variant="error" data-testid={`connect-custom-${k}-error`}>
                            {errs[k]}
                          </HelperTextItem>
                        </HelperText>
                      </FormHelperText>
                    ) : null}
                  </FormGroup>
                </GridItem>
              ))}
            </Grid>
          ) : null}
          {problems.length > 0 ? (
            <HelperText data-testid="connect-problems">
              {problems.map((p) => (
                <HelperTextItem key={p} variant="error">
                  {p}
                </HelperTextItem>
              ))}
            </HelperText>
          ) : null}
          <div>
            <Button type="submit" variant="primary" isLoading={busy} isDisabled={busy} data-testid="connect-submit">
              Connect
            </Button>
          </div>
        </Form>
      </CardBody>
    </Card>
  );
}
