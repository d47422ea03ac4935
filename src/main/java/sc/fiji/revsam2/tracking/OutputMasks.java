package sc.fiji.revsam2.tracking;

import sc.fiji.revsam2.volume.HoleFilling;
import sc.fiji.revsam2.volume.Resize;

/** A frame's low-resolution logits as the video predictor returns them: holes optionally filled, resized to the frame. */
public final class OutputMasks {

	private OutputMasks() {}

	/**
	 * @param lowRes L x L logits
	 * @param fillHoleArea background components of at most this many low-res pixels become
	 *        foreground (SAM2's {@code fill_hole_area}); 0 turns it off
	 * @return width x height logits (bilinear, half-pixel)
	 */
	public static float[] atFrameSize(float[] lowRes, int l, int width, int height, int fillHoleArea) {
		return Resize.bilinear(filled(lowRes, l, fillHoleArea), l, l, width, height);
	}

	/** The low-resolution logits with holes filled (the same array when {@code fillHoleArea} is 0). */
	public static float[] filled(float[] lowRes, int l, int fillHoleArea) {
		return fillHoleArea > 0 ? HoleFilling.fill(lowRes, l, l, fillHoleArea) : lowRes;
	}
}
