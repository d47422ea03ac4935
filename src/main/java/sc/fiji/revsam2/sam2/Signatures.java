package sc.fiji.revsam2.sam2;

/**
 * Names of the SavedModel signatures of a converted model and of their inputs and outputs.
 * All image tensors are channels-last; h = image size / 16, S = image size, C = hidden width,
 * Cm = memory width. Inputs marked optional have defaults inside the graph.
 */
public final class Signatures {

	private Signatures() {}

	/** slices [B, H, W, 1] grey values in [0, 1] -> the three feature levels. */
	public static final String ENCODE_SLICES = "encode_slices";
	/** images [B, S, S, 3] already preprocessed -> the three feature levels. */
	public static final String IMAGE_ENCODER = "image_encoder";
	public static final String SLICES = "slices";
	public static final String IMAGES = "images";
	/** [B, 4h, 4w, C/8] after conv_s0. */
	public static final String HIGH_RES_0 = "high_res_0";
	/** [B, 2h, 2w, C/4] after conv_s1. */
	public static final String HIGH_RES_1 = "high_res_1";
	/** [B, h, w, C]. */
	public static final String VISION_FEATURES = "vision_features";

	/** mask [B, S, S, 1] binary at image size -> dense [B, h, w, C] (mask_downsample + prompt encoder). */
	public static final String MASK_PROMPT = "mask_prompt";
	public static final String MASK = "mask";
	public static final String DENSE = "dense";

	/**
	 * image_embeddings [B, h, w, C], high_res_0, high_res_1; optional image_pe [1, h*w, C],
	 * sparse [B, 2, C] (default: no points), dense [B, h, w, C] (default: no mask) -> masks
	 * [B, T, 4h, 4w], iou [B, T], tokens [B, T, C], object_score [B, 1], object_pointers [B, T, C].
	 */
	public static final String MASK_DECODER = "mask_decoder";
	public static final String IMAGE_EMBEDDINGS = "image_embeddings";
	public static final String IMAGE_PE = "image_pe";
	public static final String SPARSE = "sparse";
	public static final String MASKS = "masks";
	public static final String IOU = "iou";
	public static final String TOKENS = "tokens";
	public static final String OBJECT_SCORE = "object_score";
	public static final String OBJECT_POINTERS = "object_pointers";

	/** pix_feat [B, h, w, C], mask [B, S, S, 1] already scaled -> features [B, h, w, Cm]. */
	public static final String MEMORY_ENCODER = "memory_encoder";
	public static final String PIX_FEAT = "pix_feat";
	public static final String FEATURES = "features";

	/**
	 * pix_feat [B, h, w, C], low_res_logits [B, 4h, 4w, 1], binarize [B], object_present [B]
	 * -> memory [B, h, w, Cm] (bfloat16-rounded, no-object embedding added).
	 */
	public static final String ENCODE_MEMORY = "encode_memory";
	public static final String LOW_RES_LOGITS = "low_res_logits";
	public static final String BINARIZE = "binarize";
	public static final String OBJECT_PRESENT = "object_present";
	public static final String MEMORY = "memory";

	/**
	 * curr [B, h, w, C], optional curr_pos [1, h*w, C]; memory [1, F*h*w, Cm], memory_pos;
	 * pointers [1, P, Cm], pointer_pos -> conditioned [B, h, w, C].
	 */
	public static final String MEMORY_ATTENTION = "memory_attention";
	public static final String CURR = "curr";
	public static final String CURR_POS = "curr_pos";
	public static final String MEMORY_POS = "memory_pos";
	public static final String POINTERS = "pointers";
	public static final String POINTER_POS = "pointer_pos";
	public static final String CONDITIONED = "conditioned";
}
