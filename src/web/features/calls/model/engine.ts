// The call engine: one signaling socket and one RTCPeerConnection per other person (a mesh of up
// to four). It knows nothing of React: the page subscribes to its state.
//
// Connections that survive:
//  - the socket reconnects with full-jitter backoff (./signaling.ts) and re-joins with the peer id
//    the server issued (`resume`), so peer connections — and the media they carry — are kept through
//    a signaling outage; signals produced meanwhile wait in a queue and go once the room is back;
//  - a peer connection that turns `failed` restarts ICE at once, one `disconnected` for 2 s too;
//    whichever side restarts, perfect negotiation (polite = the larger peer id) settles glare;
//  - heartbeats keep us listed and name the peers whose media arrives (./liveness.ts): the server
//    keeps those however long their sockets are away; a connection whose media flows is never closed.
// Every connection's state is reported to the room (`call.state`) and to each peer on the media path
// (./state-channel.ts), so the provider always sees how the client's connection is, even while the
// client's socket is down. Each link is tuned (./tuning.ts): video steps down, audio only by itself.
import type { CallServerMessage, MediaState, Peer } from '../../../../shared/calls.js';
import type { EngineState, PeerLink } from './engine-types.js';
import { checkLinks, worstConnection } from './watchdog.js';
import { SignalingSocket } from './signaling.js';
import { applySignal, makeOffer } from './negotiation.js';
import { LinkTuning } from './tuning.js';
import { Heartbeats, keepOrphan } from './liveness.js';
import { openStateChannel, sendState } from './state-channel.js';

export type * from './engine-types.js';

const DISCONNECTED_GRACE_MS = 2000;
const WATCHDOG_MS = 2000;

type Outgoing = Record<string, unknown> & { type: string };

export class CallEngine {
  private readonly socket: SignalingSocket;
  private running = false;
  private watchdogTimer: ReturnType<typeof setInterval> | undefined;
  private readonly links = new Map<string, PeerLink>();
  private readonly heartbeats = new Heartbeats(this.links, (mediaFrom) => this.inRoom && this.socket.send({ type: 'call.heartbeat', callId: this.callId, mediaFrom }), (id) => this.dropPeer(id));
  private readonly queue: Outgoing[] = [];
  private inbox: Promise<void> = Promise.resolve();
  /** The last steps of negotiation (types and states only, no SDP), for diagnosing a call that does not connect. */
  readonly log: string[] = [];
  private note(s: string) {
    this.log.push(`${Math.round(performance.now())} ${s}`);
    if (this.log.length > 80) this.log.shift();
  }
  private inRoom = false;
  private listeners = new Set<() => void>();
  private local: MediaStream | null;
  private camera: MediaStreamTrack | null = null;
  /** The camera track was opened here (audio only and back), so it is stopped here too. */
  private ownCamera = false;
  /** The person's chosen camera, for reopening it after audio only. */
  private cameraId: string | null = null;
  private screen: MediaStream | null = null;
  private state: EngineState;
  /** The call adapts to each link (./tuning.ts, ./adapt.ts): video steps, audio only by itself, video offered back. */
  private readonly tuning = new LinkTuning({
    links: () => this.links.values(),
    local: () => this.state.local,
    audioOnlyForNetwork: () => void this.setAudioOnly(true, 'network').catch(() => undefined),
    offerVideo: () => this.set({ videoOffer: true }),
    changed: () => this.refreshPeers(),
  });

  constructor(
    private readonly callId: string,
    wsPath: '/ws' | '/portal/ws',
    local: MediaStream | null,
  ) {
    this.socket = new SignalingSocket(wsPath, {
      onOpen: () => this.onOpen(),
      // One at a time, in arrival order: an answer must be applied before the candidates that follow it.
      onMessage: (msg) => {
        this.inbox = this.inbox.then(() => this.onMessage(msg)).catch(() => undefined);
      },
      onClose: (code) => this.onClose(code),
    });
    this.local = local;
    this.camera = local?.getVideoTracks()[0] ?? null;
    this.state = {
      phase: 'connecting',
      signaling: 'reconnecting',
      error: null,
      self: null,
      mode: null,
      peers: [],
      lobby: [],
      chat: [],
      progress: [],
      ice: null,
      local: { muted: false, cameraOff: !this.camera, audioOnly: false, sharingScreen: false },
      localStream: local,
    };
  }

  // ---- state for the page ----

  getState = (): EngineState => this.state;
  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  private set(patch: Partial<EngineState>) {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((l) => l());
  }
  private refreshPeers() {
    this.set({ peers: [...this.links.values()].map((l) => ({ ...l.remote })) });
  }

  peerConnections(): RTCPeerConnection[] {
    return [...this.links.values()].map((l) => l.pc);
  }

  // ---- lifecycle ----

  start(): void {
    if (this.running) return;
    this.running = true;
    // For tests and diagnostics: the page's own connections (nothing the page could not reach
    // anyway). Set on start, not in the constructor: a render React discards builds an engine
    // that never starts.
    (window as unknown as { hearthCall?: unknown }).hearthCall = { peerConnections: () => this.peerConnections(), engine: this, log: this.log };
    // Started again after a leave (React's development double mount): in the call again.
    if (this.state.phase === 'left') this.set({ phase: 'connecting' });
    this.socket.start();
    this.heartbeats.start();
    // The media watchdog (./watchdog.ts).
    this.watchdogTimer = setInterval(() => void checkLinks(this.links.values(), (l) => this.restartIce(l)), WATCHDOG_MS);
    this.tuning.start();
  }

  /** Leaves the room (tells the others) and closes everything; the page says "You left the call". */
  leave(): void {
    if (this.inRoom) this.socket.send({ type: 'call.leave', callId: this.callId });
    this.stop();
    const p = this.state.phase;
    if (p === 'connecting' || p === 'waiting' || p === 'in_call') this.set({ phase: 'left' });
  }

  /** This side ended the call for everyone (the server's call.ended may arrive after the socket closed). */
  markEnded(): void {
    this.stop();
    this.set({ phase: 'ended' });
  }

  stop(): void {
    this.running = false;
    this.heartbeats.stop();
    clearInterval(this.watchdogTimer);
    this.tuning.stop();
    for (const id of [...this.links.keys()]) this.dropPeer(id);
    this.socket.stop();
    this.screen?.getTracks().forEach((t) => t.stop());
    if (this.ownCamera) this.camera?.stop();
  }

  /** The socket opened (first time or after a reconnect): join, or re-join with the peer id the server issued. */
  private onOpen() {
    this.socket.send({ type: 'call.join', callId: this.callId, ...(this.state.self ? { resume: this.state.self.peerId } : {}) });
  }

  /** The socket closed; false when there is nothing to reconnect to. */
  private onClose(code: number): boolean {
    this.inRoom = false;
    // 4001: the session ended (signed out, idle, revoked): nothing to reconnect to.
    if (code === 4001 || code === 1008) {
      this.set({ phase: 'refused', error: code === 4001 ? { code: 'session_ended', message: 'Your session ended. Sign in again to rejoin.' } : { code: 'closed', message: 'The connection was closed.' }, signaling: 'reconnecting' });
      this.running = false;
      return false;
    }
    this.set({ signaling: 'reconnecting' });
    return true;
  }

  /** Signals wait for the room while the socket is away. */
  private sendSignal(m: Outgoing) {
    const d = m.description as { type?: string } | undefined;
    this.note(`send ${d?.type ?? 'candidate'} to ${String(m.to).slice(0, 6)} inRoom ${this.inRoom}`);
    if (!this.inRoom || !this.socket.send(m)) this.queue.push(m);
  }

  private flush() {
    while (this.queue.length && this.inRoom) {
      const m = this.queue.shift()!;
      if (m.to && !this.links.has(String(m.to))) continue;
      if (!this.socket.send(m)) {
        this.queue.unshift(m);
        return;
      }
    }
  }

  // ---- messages ----

  private async onMessage(m: CallServerMessage) {
    if (!('callId' in m) || (m.callId !== this.callId && m.callId !== null)) return;
    switch (m.type) {
      case 'call.waiting':
        this.set({ phase: 'waiting', signaling: 'connected', error: null });
        return;
      case 'call.joined': {
        this.note(`joined self ${m.self.peerId.slice(0, 6)} peers ${m.peers.map((p) => p.peerId.slice(0, 6)).join(',')}`);
        const resumed = this.state.self?.peerId === m.self.peerId;
        if (!resumed) for (const id of [...this.links.keys()]) this.dropPeer(id);
        this.inRoom = true;
        this.set({ phase: 'in_call', signaling: 'connected', error: null, self: m.self, ice: m.ice, mode: m.mode });
        // After a resume, a peer missing from the list may simply not have come back yet (the
        // server restarted, both are reconnecting): keep its connection; peer_left removes it.
        for (const p of m.peers) this.ensurePeer(p);
        this.flush();
        this.reportState();
        return;
      }
      case 'call.peer_joined':
        this.note(`peer_joined ${m.peer.peerId.slice(0, 6)} known ${this.links.has(m.peer.peerId)}`);
        this.ensurePeer(m.peer);
        return;
      case 'call.peer_left':
        // Gone for the server but its media still arrives here (a race with our heartbeat): kept until it stops.
        if (m.reason === 'gone' && keepOrphan(this.links.get(m.peerId))) return this.refreshPeers();
        this.dropPeer(m.peerId);
        return;
      case 'call.peer_state':
        return this.peerState(m.peerId, m.state, true);
      case 'call.peer_away': {
        const l = this.links.get(m.peerId);
        if (l) {
          l.remote.away = true;
          this.refreshPeers();
        }
        return;
      }
      case 'call.lobby':
        this.set({ lobby: m.waiting });
        return;
      case 'call.signal':
        return this.onSignal(m);
      case 'call.chat':
        this.set({ chat: [...this.state.chat, { from: m.from, name: m.name, text: m.text, at: m.at, mine: m.from === this.state.self?.peerId }] });
        return;
      case 'call.file':
        this.set({ chat: [...this.state.chat, { from: m.from, name: m.name, text: m.fileName, at: m.at, mine: m.from === this.state.self?.peerId, file: true }] });
        return;
      case 'call.progress':
        this.set({ progress: [...this.state.progress, m.event] });
        return;
      case 'call.ended':
        this.set({ phase: 'ended' });
        this.stop();
        return;
      case 'call.error':
        this.note(`error ${m.code}`);
        if (m.code === 'replaced') {
          this.set({ phase: 'replaced', error: { code: m.code, message: m.message } });
          this.stop();
        } else if (m.code === 'not_found' || m.code === 'call_over' || m.code === 'room_full') {
          this.set({ phase: m.code === 'call_over' ? 'ended' : 'refused', error: { code: m.code, message: m.message } });
          this.stop();
        } else if (m.code === 'not_joined') {
          // The server lost us (restarted, swept): join again, resuming our peer.
          this.inRoom = false;
          this.socket.send({ type: 'call.join', callId: this.callId, ...(this.state.self ? { resume: this.state.self.peerId } : {}) });
        }
        return;
      case 'call.alive':
        return this.heartbeats.paceTo(m.expiresInMs);
      case 'call.ring':
      case 'call.ring_stopped':
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  // ---- peers ----

  private ensurePeer(peer: Peer) {
    const existing = this.links.get(peer.peerId);
    if (existing) {
      existing.remote.peer = peer;
      existing.remote.away = existing.orphan = false;
      this.refreshPeers();
      return;
    }
    const self = this.state.self;
    if (!self) return;
    const ice = this.state.ice;
    const pc = new RTCPeerConnection({ iceServers: ice?.iceServers ?? [], iceTransportPolicy: ice?.iceTransportPolicy ?? 'all' });
    const link: PeerLink = { pc, polite: self.peerId > peer.peerId, makingOffer: false, ignoreOffer: false, disconnectedTimer: undefined, remote: { peer, stream: null, connection: 'new', reported: peer.state, away: false }, bytesIn: 0, grewAt: Date.now(), restartedAt: 0 };
    this.links.set(peer.peerId, link);
    link.stateChannel = openStateChannel(pc, (state) => this.peerState(peer.peerId, state, false), () => this.reportState());
    const audio = this.local?.getAudioTracks()[0];
    if (audio) pc.addTrack(audio, this.local!);
    const video = this.state.local.sharingScreen ? this.screen?.getVideoTracks()[0] : this.state.local.audioOnly ? undefined : this.camera;
    if (this.state.mode !== 'audio') {
      // A video transceiver even without a camera track, so switching back needs no renegotiation.
      if (video && this.local) pc.addTrack(video, this.local);
      else pc.addTransceiver('video', { direction: 'sendrecv' });
    }
    if (!audio) pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.onnegotiationneeded = async () => {
      // The first offer comes from the impolite side only: two first offers crossing (glare) can
      // leave Chromium with a connection that never gathers for the other. The polite side offers
      // later (ICE restarts), or if no offer came (the watchdog restarts it).
      if (link.polite && !pc.remoteDescription && link.restartedAt === 0) return this.note(`polite: waiting for the offer of ${peer.peerId.slice(0, 6)}`);
      try {
        link.makingOffer = true;
        this.note(`negotiationneeded ${peer.peerId.slice(0, 6)} ${pc.signalingState}`);
        const description = await makeOffer(pc);
        if (description) this.sendSignal({ type: 'call.signal', callId: this.callId, to: peer.peerId, description });
      } catch (e) {
        this.note(`offer failed ${(e as Error).name}`);
      } finally {
        link.makingOffer = false;
      }
    };
    pc.onicecandidate = ({ candidate }) => {
      this.sendSignal({ type: 'call.signal', callId: this.callId, to: peer.peerId, candidate: candidate ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex, usernameFragment: candidate.usernameFragment } : null });
    };
    pc.ontrack = (ev) => {
      const stream = ev.streams[0] ?? link.remote.stream ?? new MediaStream();
      if (!ev.streams[0]) stream.addTrack(ev.track);
      link.remote.stream = stream;
      this.refreshPeers();
    };
    pc.onconnectionstatechange = () => {
      link.remote.connection = pc.connectionState;
      clearTimeout(link.disconnectedTimer);
      if (pc.connectionState === 'failed') this.restartIce(link);
      if (pc.connectionState === 'disconnected') link.disconnectedTimer = setTimeout(() => pc.connectionState === 'disconnected' && this.restartIce(link), DISCONNECTED_GRACE_MS);
      this.refreshPeers();
      this.reportState();
    };
    this.refreshPeers();
  }

  private restartIce(link: PeerLink) {
    if (link.pc.signalingState === 'closed') return;
    link.restartedAt = Date.now();
    link.pc.restartIce();
  }

  private dropPeer(peerId: string) {
    const l = this.links.get(peerId);
    if (!l) return;
    clearTimeout(l.disconnectedTimer);
    l.pc.onnegotiationneeded = l.pc.onicecandidate = l.pc.ontrack = l.pc.onconnectionstatechange = null;
    l.pc.close();
    this.links.delete(peerId);
    this.refreshPeers();
  }

  private async onSignal(m: Extract<CallServerMessage, { type: 'call.signal' }>) {
    let link = this.links.get(m.from);
    if (!link) {
      // A signal from a peer we were not told of yet (messages crossed): make its connection.
      this.ensurePeer({ peerId: m.from, role: 'staff', id: '', name: '', state: null });
      link = this.links.get(m.from);
      if (!link) return;
    }
    await applySignal(link, m, (description) => this.sendSignal({ type: 'call.signal', callId: this.callId, to: m.from, description }), (n) => this.note(n));
  }

  // ---- controls ----

  admit(peerId: string) {
    this.socket.send({ type: 'call.admit', callId: this.callId, peerId });
  }

  sendChat(text: string) {
    this.socket.send({ type: 'call.chat', callId: this.callId, text });
  }

  setMuted(muted: boolean) {
    this.local?.getAudioTracks().forEach((t) => (t.enabled = !muted));
    this.setLocal({ muted });
  }

  setCameraOff(cameraOff: boolean) {
    if (this.camera) this.camera.enabled = !cameraOff;
    this.setLocal({ cameraOff });
  }

  /** The camera chosen on the page, used when the camera is opened again after audio only. */
  setCameraPreference(cameraId: string | null) {
    this.cameraId = cameraId;
  }

  /**
   * Audio only: the camera stops sending (and its light goes out); back on: the camera again.
   * The stopped track leaves the local stream, and the self-view gets a new stream with the new
   * camera (see EngineState.localStream).
   */
  async setAudioOnly(audioOnly: boolean, reason: 'chosen' | 'network' = 'chosen') {
    if (audioOnly) {
      // The network never overrides a choice: already audio only (chosen) stays chosen.
      if (reason === 'network' && this.state.local.audioOnly) return;
      const old = this.camera;
      this.camera = null;
      if (!this.state.local.sharingScreen) await this.replaceVideo(null);
      old?.stop();
      this.set({ videoOffer: false });
      this.setLocal({ audioOnly: true, cameraOff: true, audioOnlyReason: reason }, this.streamWith(null));
    } else {
      const video: MediaTrackConstraints | boolean = this.cameraId ? { deviceId: { ideal: this.cameraId } } : true;
      const s = await navigator.mediaDevices.getUserMedia({ video });
      if (this.ownCamera) this.camera?.stop();
      this.camera = s.getVideoTracks()[0] ?? null;
      this.ownCamera = this.camera !== null;
      if (!this.state.local.sharingScreen) await this.replaceVideo(this.camera);
      this.set({ videoOffer: false });
      this.setLocal({ audioOnly: false, cameraOff: false, audioOnlyReason: undefined }, this.streamWith(this.camera));
    }
  }

  /** A new local stream: the current microphone and the given camera (none: audio only). */
  private streamWith(camera: MediaStreamTrack | null): MediaStream {
    const tracks = [...(this.local?.getAudioTracks() ?? []), ...(camera ? [camera] : [])];
    this.local = new MediaStream(tracks);
    return this.local;
  }

  /** Shares a screen, window or tab in place of the camera; stopping (here or in the browser) brings the camera back. */
  async shareScreen(on: boolean) {
    if (on) {
      const s = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      this.screen = s;
      const track = s.getVideoTracks()[0] ?? null;
      track?.addEventListener('ended', () => void this.shareScreen(false));
      await this.replaceVideo(track);
      this.setLocal({ sharingScreen: true });
    } else {
      this.screen?.getTracks().forEach((t) => t.stop());
      this.screen = null;
      await this.replaceVideo(this.state.local.audioOnly ? null : this.camera);
      this.setLocal({ sharingScreen: false });
    }
  }

  /** Another camera or microphone picked mid-call: swapped in without renegotiation. */
  async replaceLocal(stream: MediaStream) {
    const audio = stream.getAudioTracks()[0] ?? null;
    const video = stream.getVideoTracks()[0] ?? null;
    for (const l of this.links.values()) {
      for (const s of l.pc.getSenders()) {
        if (s.track?.kind === 'audio' || (!s.track && audio && l.pc.getTransceivers().find((t) => t.sender === s)?.receiver.track.kind === 'audio')) await s.replaceTrack(audio);
      }
    }
    if (this.ownCamera) this.camera?.stop();
    this.ownCamera = false;
    this.local = stream;
    if (this.state.local.audioOnly) {
      // Audio only stays audio only: the newly opened camera goes dark again.
      video?.stop();
      this.camera = null;
      if (audio) audio.enabled = !this.state.local.muted;
      this.set({ localStream: this.streamWith(null) });
      return;
    }
    this.camera = video;
    if (!this.state.local.sharingScreen) await this.replaceVideo(video);
    if (audio) audio.enabled = !this.state.local.muted;
    if (video) video.enabled = !this.state.local.cameraOff;
    this.set({ localStream: stream });
  }

  private async replaceVideo(track: MediaStreamTrack | null) {
    for (const l of this.links.values()) {
      const t = l.pc.getTransceivers().find((x) => x.receiver.track.kind === 'video');
      if (t) await t.sender.replaceTrack(track);
    }
  }

  private setLocal(patch: Partial<EngineState['local']>, localStream?: MediaStream) {
    this.set({ local: { ...this.state.local, ...patch }, ...(localStream ? { localStream } : {}) });
    this.reportState();
  }

  /** The recovered link's offer declined: audio only stays, the offer goes. */
  dismissVideoOffer = () => this.set({ videoOffer: false });

  /** A peer's own state, from the room (its socket is back then) or from its state channel. */
  private peerState(peerId: string, state: MediaState, viaSocket: boolean) {
    const l = this.links.get(peerId);
    if (!l) return;
    l.remote = { ...l.remote, reported: state, away: viaSocket ? false : l.remote.away };
    this.refreshPeers();
  }

  /** To the room while in it, and to each peer on the media path whether or not the socket is up. */
  private reportState() {
    const { muted, cameraOff, audioOnly, sharingScreen, audioOnlyReason } = this.state.local;
    const why = audioOnly && audioOnlyReason ? { audioOnlyReason } : {};
    const state: MediaState = { connection: worstConnection(this.links.values()), muted, cameraOff, audioOnly, sharingScreen, ...why };
    if (this.inRoom) this.socket.send({ type: 'call.state', callId: this.callId, state });
    for (const l of this.links.values()) sendState(l.stateChannel, state);
  }
}
