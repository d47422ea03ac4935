package sc.fiji.revsam2.tracking;

import sc.fiji.revsam2.sam2.FrameFeatures;

/**
 * A frame of a small video: where its image features come from and its original size.
 * Features are leased for the time of one step (they may live on disk between steps).
 */
public interface FrameSource {

	/** Original width of the frame (output masks are resized to it). */
	int width();

	/** Original height of the frame. */
	int height();

	/** The frame's image features; close the lease when the step is done. */
	FeatureLease features();

	/** Image features held for the duration of a step. */
	interface FeatureLease extends AutoCloseable {
		FrameFeatures get();

		@Override
		void close();
	}
}
