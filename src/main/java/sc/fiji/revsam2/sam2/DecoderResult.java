package sc.fiji.revsam2.sam2;

/**
 * The mask decoder's outputs for a batch of frames, for every mask token (token 0 is the
 * single-mask output, 1..3 the multimask outputs). Low-resolution masks are L x L logits
 * (L = image size / 4), row-major.
 */
public record DecoderResult(int batchSize, int tokens, int lowResSize, float[][][] masks, float[][] iou, float[] objectScore,
	float[][][] objectPointers) {

	public float[] mask(int b, int token) { return masks[b][token]; }

	public float[] objectPointer(int b, int token) { return objectPointers[b][token]; }
}
