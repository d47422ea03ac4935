package sc.fiji.revsam2.sam2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the graphs and the tracker need to know about one SAM2 model. Widths are read from
 * the checkpoint's tensor shapes, never assumed; the size (and with it heads, windows and
 * global-attention blocks) is recognised from the Hiera stage depths; SAM2.1 is recognised by its
 * extra tensors ({@code no_obj_embed_spatial}, {@code obj_ptr_tpos_proj}).
 *
 * <p>The image size cannot be read from any tensor: it is 1024 for all of Meta's models and is
 * given explicitly for others.</p>
 */
public record Sam2Config(
	String version,            // "2.0" or "2.1"
	ModelSize size,
	int imageSize,
	// Hiera trunk
	int embedDim,
	int[] stages,
	int initialHeads,
	int[] globalAttentionBlocks,
	int[] windowSpec,
	int[] posEmbedBackgroundSize, // {h, w} of trunk.pos_embed
	int[] stageDims,
	// neck and model
	int hiddenDim,
	int memDim,
	int numMaskmem,
	// memory attention
	int memoryAttentionLayers,
	int memoryAttentionFfn,
	int memoryAttentionHeads,
	// mask decoder
	int decoderDepth,
	int decoderHeads,
	int decoderMlpDim,
	int numMaskTokens,
	int iouHeadHiddenDim,
	// memory encoder
	int maskDownsamplerLayers,
	int fuserLayers,
	// SAM2 behaviour flags (Meta's config for this version)
	boolean noObjEmbedSpatial,
	boolean addTposEncToObjPtrs,
	boolean projTposEncInObjPtrs,
	boolean useSignedTposEncToObjPtrs,
	int maxObjPtrsInEncoder,
	float sigmoidScaleForMemEnc,
	float sigmoidBiasForMemEnc) {

	public static final int DEFAULT_IMAGE_SIZE = 1024;
	public static final int BACKBONE_STRIDE = 16;

	/** Hiera's stage-to-stage multipliers (Meta's defaults for every size). */
	public static final int DIM_MUL = 2;
	public static final int HEAD_MUL = 2;

	/** Infers the configuration of the checkpoint whose tensors have these shapes. */
	public static Sam2Config infer(Map<String, long[]> shapes, int imageSize) {
		Shapes s = new Shapes(shapes);
		if (imageSize <= 0 || imageSize % 32 != 0) {
			throw new IllegalArgumentException("image size must be a positive multiple of 32, got " + imageSize);
		}
		String trunk = "image_encoder.trunk.";
		int embedDim = s.dim(trunk + "patch_embed.proj.weight", 0);
		int blockCount = s.count(trunk + "blocks.", ".norm1.weight");
		if (blockCount == 0) throw new IllegalArgumentException("no Hiera blocks (image_encoder.trunk.blocks.*) in the checkpoint");
		// A block with a projection starts a new stage (its width changes).
		List<Integer> stageStarts = new ArrayList<>();
		stageStarts.add(0);
		for (int i = 1; i < blockCount; i++) {
			if (s.has(trunk + "blocks." + i + ".proj.weight")) stageStarts.add(i);
		}
		int[] stages = new int[stageStarts.size()];
		int[] stageDims = new int[stages.length];
		for (int k = 0; k < stages.length; k++) {
			int end = k + 1 < stages.length ? stageStarts.get(k + 1) : blockCount;
			stages[k] = end - stageStarts.get(k);
			stageDims[k] = s.dim(trunk + "blocks." + stageStarts.get(k) + ".norm2.weight", 0);
		}
		ModelSize size = ModelSize.ofStages(stages);
		int[] bkg = { s.dim(trunk + "pos_embed", 2), s.dim(trunk + "pos_embed", 3) };
		int windowFirst = s.dim(trunk + "pos_embed_window", 2);
		int[] windowSpec = size.windowSpec();
		if (windowFirst != windowSpec[0]) {
			throw new IllegalArgumentException("pos_embed_window is " + windowFirst + " wide but a " + size.id() + " model uses windows of " + windowSpec[0]);
		}

		int hiddenDim = s.dim("image_encoder.neck.convs.0.conv.weight", 0);
		int memDim = s.has("memory_encoder.out_proj.weight") ? s.dim("memory_encoder.out_proj.weight", 0) : hiddenDim;
		int numMaskmem = s.dim("maskmem_tpos_enc", 0);

		int maLayers = s.count("memory_attention.layers.", ".linear1.weight");
		int maFfn = s.dim("memory_attention.layers.0.linear1.weight", 0);

		int decDepth = s.count("sam_mask_decoder.transformer.layers.", ".norm1.weight");
		int decMlp = s.dim("sam_mask_decoder.transformer.layers.0.mlp.layers.0.weight", 0);
		int numMaskTokens = s.dim("sam_mask_decoder.mask_tokens.weight", 0);
		int iouHidden = s.dim("sam_mask_decoder.iou_prediction_head.layers.0.weight", 0);

		// MaskDownSampler: conv, LayerNorm2d, GELU per layer, then a final 1x1 conv.
		int downsamplerConvs = s.count("memory_encoder.mask_downsampler.encoder.", ".weight", true);
		int fuserLayers = s.count("memory_encoder.fuser.layers.", ".dwconv.weight");

		boolean v21 = s.has("no_obj_embed_spatial");
		if (v21 != s.has("obj_ptr_tpos_proj.weight")) {
			throw new IllegalArgumentException("checkpoint mixes SAM2.0 and SAM2.1 tensors (no_obj_embed_spatial without obj_ptr_tpos_proj or the reverse)");
		}
		for (String required : new String[] { "no_mem_embed", "no_obj_ptr", "mask_downsample.weight", "obj_ptr_proj.layers.0.weight",
			"sam_mask_decoder.obj_score_token.weight", "sam_mask_decoder.conv_s0.weight", "sam_prompt_encoder.no_mask_embed.weight" }) {
			if (!s.has(required)) throw new IllegalArgumentException("checkpoint has no '" + required + "': not a SAM2 video model");
		}
		return new Sam2Config(v21 ? "2.1" : "2.0", size, imageSize, embedDim, stages, size.initialHeads(),
			size.globalAttentionBlocks(), windowSpec, bkg, stageDims, hiddenDim, memDim, numMaskmem,
			maLayers, maFfn, 1, decDepth, 8, decMlp, numMaskTokens, iouHidden,
			(downsamplerConvs - 1), fuserLayers,
			v21, v21, v21, v21, 16, 20f, -10f);
	}

	/** Feature-map side length at the backbone stride (64 for 1024 px). */
	public int featureSize() { return imageSize / BACKBONE_STRIDE; }

	/** Side of the low-resolution mask logits (256 for 1024 px). */
	public int lowResMaskSize() { return featureSize() * 4; }

	public int blockCount() { int n = 0; for (int d : stages) n += d; return n; }

	/** Meta's name for this model, e.g. {@code sam2.1_hiera_tiny}. */
	public String metaName() { return "sam2" + (version.equals("2.1") ? ".1" : "") + "_hiera_" + size.id(); }

	/** Pointer tokens per object pointer (the pointer is split into memory-width tokens). */
	public int tokensPerObjPtr() { return hiddenDim / memDim; }

	/** Tensor-name lookups over a shape map, with messages that name the missing tensor. */
	private static final class Shapes {
		private final Map<String, long[]> shapes;

		Shapes(Map<String, long[]> shapes) { this.shapes = shapes; }

		boolean has(String name) { return shapes.containsKey(name); }

		int dim(String name, int axis) {
			long[] sh = shapes.get(name);
			if (sh == null) throw new IllegalArgumentException("checkpoint has no tensor '" + name + "': not a SAM2 checkpoint?");
			return (int) sh[axis];
		}

		/** Number of consecutive indices i with a tensor {@code prefix + i + suffix}. */
		int count(String prefix, String suffix) {
			int i = 0;
			while (has(prefix + i + suffix)) i++;
			return i;
		}

		/** Number of indices i (not necessarily consecutive) with a tensor {@code prefix + i + suffix} of rank 4. */
		int count(String prefix, String suffix, boolean convsOnly) {
			int n = 0;
			for (Map.Entry<String, long[]> e : shapes.entrySet()) {
				String k = e.getKey();
				if (k.startsWith(prefix) && k.endsWith(suffix) && (!convsOnly || e.getValue().length == 4)) {
					String mid = k.substring(prefix.length(), k.length() - suffix.length());
					if (mid.matches("\\d+")) n++;
				}
			}
			return n;
		}
	}
}
