import { describe, expect, it } from 'vitest';
import { asFacing, nextCamera } from '../src/core/camera-choice.js';

const front = { deviceId: 'front', facing: 'user' as const };
const back = { deviceId: 'back', facing: 'environment' as const };
const backWide = { deviceId: 'back-wide', facing: 'environment' as const };

describe('nextCamera', () => {
	it('flips a phone from the front camera to the first back camera', () => {
		expect(nextCamera([front, back, backWide], { deviceId: 'front', facing: 'user' })).toEqual({ kind: 'device', deviceId: 'back', facing: 'environment' });
	});

	it('flips back to the front camera', () => {
		expect(nextCamera([front, back, backWide], { deviceId: 'back-wide', facing: 'environment' })).toEqual({ kind: 'device', deviceId: 'front', facing: 'user' });
	});

	it('knows the facing from the device list when the track does not report it', () => {
		expect(nextCamera([back, front], { deviceId: 'back' })).toMatchObject({ deviceId: 'front' });
	});

	it('asks for the other facing by constraint when the browser lists no facings (Safari)', () => {
		const cameras = [{ deviceId: 'a' }, { deviceId: 'b' }];
		expect(nextCamera(cameras, { deviceId: 'a', facing: 'user' })).toEqual({ kind: 'facing', facing: 'environment' });
	});

	it('cycles through cameras that face no particular way (a laptop and a USB webcam)', () => {
		const cameras = [{ deviceId: 'built-in' }, { deviceId: 'usb' }, { deviceId: 'capture-card' }];
		expect(nextCamera(cameras, { deviceId: 'built-in' })).toMatchObject({ deviceId: 'usb' });
		expect(nextCamera(cameras, { deviceId: 'usb' })).toMatchObject({ deviceId: 'capture-card' });
		expect(nextCamera(cameras, { deviceId: 'capture-card' })).toMatchObject({ deviceId: 'built-in' });
	});

	it('goes to the second camera when the current one is unknown (the browser default is listed first)', () => {
		expect(nextCamera([{ deviceId: 'a' }, { deviceId: 'b' }], {})).toMatchObject({ deviceId: 'b' });
	});

	it('cycles when every listed camera faces the same way as the current one', () => {
		expect(nextCamera([back, backWide], { deviceId: 'back', facing: 'environment' })).toMatchObject({ deviceId: 'back-wide' });
	});

	it('has nothing to switch to with one camera or none', () => {
		expect(nextCamera([{ deviceId: 'only' }], { deviceId: 'only' })).toBeUndefined();
		expect(nextCamera([], {})).toBeUndefined();
		expect(nextCamera([front], { deviceId: 'front', facing: 'user' })).toBeUndefined();
	});
});

describe('asFacing', () => {
	it('keeps front and back and drops the rest', () => {
		expect(asFacing('user')).toBe('user');
		expect(asFacing('environment')).toBe('environment');
		expect(asFacing('left')).toBeUndefined();
		expect(asFacing(undefined)).toBeUndefined();
	});
});
