export { ffmpegArgs, gridLayout, type GridLayout, type MixInputs, mixFilter, PLAYLIST_NAME } from './ffmpeg-args.js';
export { resolveSpectatorOptions, type ResolvedSpectatorOptions, type SpectatorOptions } from './spectator-options.js';
export { Spectator, type SpectatorEvents, type SpectatorRoom, type SpectatorState, type SpectatorStatus } from './spectator.js';
export { Spectators, spectatorRoomOf } from './spectators.js';
export { type SdpStream, writeSdp } from './sdp.js';
export { planKey, type StagePlan, stageOrder, type StageTrack, tracksOf } from './stage-plan.js';
