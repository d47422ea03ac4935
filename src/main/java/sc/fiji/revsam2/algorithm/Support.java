package sc.fiji.revsam2.algorithm;

import sc.fiji.revsam2.volume.Mask2D;
import sc.fiji.revsam2.volume.Volume;

/**
 * A labelled 2D slice: slice {@code slice} of {@code source} (the query volume itself, an atlas,
 * another patient) and the object's mask on it. Its intensities are normalised over its whole
 * source volume.
 */
public record Support(Volume source, int slice, Mask2D mask) {

	public Support {
		if (slice < 0 || slice >= source.depth()) throw new IllegalArgumentException("support slice " + slice + " is outside its volume (0.." + (source.depth() - 1) + ")");
		if (mask.width() != source.width() || mask.height() != source.height()) {
			throw new IllegalArgumentException("support mask is " + mask.width() + "x" + mask.height() + " but its slice is " + source.width() + "x" + source.height());
		}
	}
}
