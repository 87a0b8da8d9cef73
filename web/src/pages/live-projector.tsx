import { useParams } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { QrCode } from '../components/qr-code';
import { Loading } from '../components/status';
import { LiveDebrief } from '../components/live-debrief';
import { TallyBars } from '../components/tally-bars';
import { connectLive } from '../lib/live';
import { useCountdown } from './live-participant';

/** `/live/:code/projector`: large type for the room's screen. */
export default function LiveProjectorPage() {
  const params = useParams<{ code: string }>();
  const live = connectLive(params.code, 'projector');
  const secondsLeft = useCountdown(() => live.state()?.round?.closesAt);
  const joinLink = () => `${location.origin}/live/${params.code}`;
  const joined = () => {
    const p = live.state()?.participants;
    return Array.isArray(p) ? p.length : (p ?? 0);
  };
  return (
    <div class="projector">
      <Show when={live.state()} fallback={<Loading label="Connecting…" />}>
        {(s) => (
          <>
            <Show when={s().phase === 'lobby'}>
              <div class="projector-lobby">
                <div>
                  <h1>{s().scenario.title}</h1>
                  <p class="projector-code">{s().code}</p>
                  <p>{joinLink()}</p>
                  <p>{joined()} joined</p>
                </div>
                <QrCode text={joinLink()} label={`QR code to join session ${s().code}`} />
              </div>
            </Show>
            <Show when={s().phase !== 'lobby' && s().decision}>
              <h1>{s().decision!.title}</h1>
              <Show when={s().round}>
                <p class="timer">{s().round!.status === 'open' ? `${secondsLeft() ?? ''} s · ${s().round!.votes} votes` : 'Voting closed'}</p>
                <TallyBars choices={s().decision!.choices} tally={live.tally() ?? {}} large />
              </Show>
            </Show>
            <Show when={s().ending}>
              <LiveDebrief state={s()} />
            </Show>
            <div class="projector-bottom">
              <ol class="projector-path">
                <For each={s().path}>
                  {(step) => (
                    <li>
                      {step.title}: <strong>{step.choice}</strong>
                    </li>
                  )}
                </For>
              </ol>
              <ul class="projector-metrics">
                <For each={s().metrics.filter((m) => m.owner === 'shared')}>
                  {(m) => (
                    <li>
                      {m.label}: <strong>{m.value}</strong>
                    </li>
                  )}
                </For>
              </ul>
            </div>
          </>
        )}
      </Show>
    </div>
  );
}
