package sc.fiji.revsam2.sam2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sc.fiji.revsam2.sam2.Signatures.*;
import static sc.fiji.revsam2.testing.Fixtures.*;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

import sc.fiji.revsam2.checkpoint.NdArray;
import sc.fiji.revsam2.testing.Fixtures;
import sc.fiji.revsam2.tracking.MaskChoice;
import sc.fiji.revsam2.tf.TfSam2Model;
import sc.fiji.revsam2.tf.TfTensors;

/**
 * Every SAM2 component, converted from the fixture checkpoint to a SavedModel and reloaded,
 * against the outputs of Meta's reference code on the same inputs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComponentParityTest {

	private final Map<String, TfSam2Model> models = new java.util.HashMap<>();

	private TfSam2Model model(String fixture) {
		return models.computeIfAbsent(fixture, Fixtures::loadModel);
	}

	@AfterAll
	void close() {
		models.values().forEach(TfSam2Model::close);
	}

	@ParameterizedTest
	@ValueSource(strings = { SAM21, SAM20, PHANTOM, SAM21_512 })
	void imageEncoder(String fx) {
		NdArray input = npy(fx, "image_encoder.input");
		int s = (int) input.dim(2);
		try (TFloat32 in = TfTensors.of(nchwToNhwc(input), 1, s, s, 3);
			Result r = model(fx).run(IMAGE_ENCODER, Map.of(IMAGES, in), HIGH_RES_0, HIGH_RES_1, VISION_FEATURES)) {
			for (int level = 0; level < 3; level++) {
				float[] expected = nchwToNhwc(npy(fx, "image_encoder.backbone_fpn." + level));
				assertFeaturesClose(expected, TfTensors.toArray((TFloat32) r.get(level)), fx + " image_encoder.backbone_fpn." + level);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { SAM21, SAM20, PHANTOM, SAM21_512 })
	void visionPositionEncodings(String fx) {
		for (int level = 0; level < 3; level++) {
			NdArray pe = npy(fx, "image_encoder.vision_pos_enc." + level);
			float[] ours = PositionEncodings.sine2d((int) pe.dim(2), (int) pe.dim(3), (int) pe.dim(1));
			assertFeaturesClose(nchwToNhwc(pe), ours, fx + " image_encoder.vision_pos_enc." + level);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { SAM21, SAM20, PHANTOM, SAM21_512 })
	void memoryEncoder(String fx) {
		NdArray pix = npy(fx, "memory_encoder.pix_feat"), masks = npy(fx, "memory_encoder.masks");
		int h = (int) pix.dim(2), c = (int) pix.dim(1), s = (int) masks.dim(2);
		try (TFloat32 p = TfTensors.of(nchwToNhwc(pix), 1, h, h, c); TFloat32 m = TfTensors.of(masks.data(), 1, s, s, 1);
			Result r = model(fx).run(MEMORY_ENCODER, Map.of(PIX_FEAT, p, MASK, m), FEATURES)) {
			assertFeaturesClose(nchwToNhwc(npy(fx, "memory_encoder.vision_features")), TfTensors.toArray((TFloat32) r.get(0)), fx + " memory_encoder.vision_features");
		}
		NdArray pe = npy(fx, "memory_encoder.vision_pos_enc");
		assertFeaturesClose(nchwToNhwc(pe), PositionEncodings.sine2d((int) pe.dim(2), (int) pe.dim(3), (int) pe.dim(1)), fx + " memory_encoder.vision_pos_enc");
	}

	@ParameterizedTest
	@ValueSource(strings = { SAM21, SAM20, PHANTOM, SAM21_512 })
	void memoryAttention(String fx) {
		NdArray curr = npy(fx, "memory_attention.curr"), currPos = npy(fx, "memory_attention.curr_pos");
		NdArray memory = npy(fx, "memory_attention.memory"), memoryPos = npy(fx, "memory_attention.memory_pos");
		int ptrTokens = (int) npy(fx, "memory_attention.num_obj_ptr_tokens").data()[0];
		int hw = (int) curr.dim(0), c = (int) curr.dim(2), h = (int) Math.round(Math.sqrt(hw));
		int total = (int) memory.dim(0), cm = (int) memory.dim(2), spatial = total - ptrTokens;
		float[] mem = seqFirstToBatchFirst(memory), memPos = seqFirstToBatchFirst(memoryPos);
		try (TFloat32 cu = TfTensors.of(seqFirstToBatchFirst(curr), 1, h, h, c);
			TFloat32 cp = TfTensors.of(seqFirstToBatchFirst(currPos), 1, hw, c);
			TFloat32 m = TfTensors.of(java.util.Arrays.copyOfRange(mem, 0, spatial * cm), 1, spatial, cm);
			TFloat32 mp = TfTensors.of(java.util.Arrays.copyOfRange(memPos, 0, spatial * cm), 1, spatial, cm);
			TFloat32 pt = TfTensors.of(java.util.Arrays.copyOfRange(mem, spatial * cm, total * cm), 1, ptrTokens, cm);
			TFloat32 pp = TfTensors.of(java.util.Arrays.copyOfRange(memPos, spatial * cm, total * cm), 1, ptrTokens, cm);
			Result r = model(fx).run(MEMORY_ATTENTION, Map.of(CURR, cu, CURR_POS, cp, MEMORY, m, MEMORY_POS, mp, POINTERS, pt, POINTER_POS, pp), CONDITIONED)) {
			assertFeaturesClose(seqFirstToBatchFirst(npy(fx, "memory_attention.output")), TfTensors.toArray((TFloat32) r.get(0)), fx + " memory_attention.output");
		}
	}

	private static NdArray gaussian(String fx) {
		try {
			return sc.fiji.revsam2.checkpoint.PtCheckpoint.read(Fixtures.checkpoint(fx))
				.get("sam_prompt_encoder.pe_layer.positional_encoding_gaussian_matrix");
		} catch (java.io.IOException e) {
			throw new IllegalStateException(e);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { SAM21, SAM20, PHANTOM, SAM21_512 })
	void maskDecoder(String fx) {
		NdArray emb = npy(fx, "mask_decoder.image_embeddings"), pe = npy(fx, "mask_decoder.image_pe");
		NdArray sparse = npy(fx, "mask_decoder.sparse_prompt_embeddings"), dense = npy(fx, "mask_decoder.dense_prompt_embeddings");
		NdArray hr0 = npy(fx, "mask_decoder.high_res_features.0"), hr1 = npy(fx, "mask_decoder.high_res_features.1");
		boolean multimask = npy(fx, "mask_decoder.multimask_output").data()[0] != 0;
		int c = (int) emb.dim(1), h = (int) emb.dim(2);
		// our dense PE, computed in Java from the Gaussian matrix, is what the model uses
		assertFeaturesClose(nchwToNhwc(pe), PositionEncodings.randomFourier(
			gaussian(fx), h, h),
			fx + " prompt encoder dense PE");
		DecoderResult d;
		try (TFloat32 e = TfTensors.of(nchwToNhwc(emb), 1, h, h, c); TFloat32 p = TfTensors.of(nchwToNhwc(pe), 1, (long) h * h, c);
			TFloat32 sp = TfTensors.of(sparse.data(), 1, sparse.dim(1), c); TFloat32 de = TfTensors.of(nchwToNhwc(dense), 1, h, h, c);
			TFloat32 a = TfTensors.of(nchwToNhwc(hr0), 1, hr0.dim(2), hr0.dim(3), hr0.dim(1));
			TFloat32 b = TfTensors.of(nchwToNhwc(hr1), 1, hr1.dim(2), hr1.dim(3), hr1.dim(1));
			Result r = model(fx).run(MASK_DECODER, Map.of(IMAGE_EMBEDDINGS, e, IMAGE_PE, p, SPARSE, sp, DENSE, de, HIGH_RES_0, a, HIGH_RES_1, b),
				MASKS, IOU, TOKENS, OBJECT_SCORE)) {
			float[] masks = TfTensors.toArray((TFloat32) r.get(0)), iou = TfTensors.toArray((TFloat32) r.get(1)), tokens = TfTensors.toArray((TFloat32) r.get(2));
			float score = TfTensors.toArray((TFloat32) r.get(3))[0];
			int t = (int) iou.length, l = 4 * h;
			float[][][] m = new float[1][t][];
			float[][][] tk = new float[1][t][];
			for (int k = 0; k < t; k++) {
				m[0][k] = java.util.Arrays.copyOfRange(masks, k * l * l, (k + 1) * l * l);
				tk[0][k] = java.util.Arrays.copyOfRange(tokens, k * c, (k + 1) * c);
			}
			d = new DecoderResult(1, t, l, m, new float[][] { iou }, new float[] { score }, tk);
		}
		int l = d.lowResSize();
		NdArray outMasks = npy(fx, "mask_decoder.output.0"), outIou = npy(fx, "mask_decoder.output.1"), outTokens = npy(fx, "mask_decoder.output.2");
		if (multimask) {
			assertEquals(3, outMasks.dim(1));
			for (int k = 1; k < d.tokens(); k++) {
				assertLogitsClose(java.util.Arrays.copyOfRange(outMasks.data(), (k - 1) * l * l, k * l * l), d.mask(0, k), fx + " mask_decoder masks[" + k + "]");
				assertFeaturesClose(new float[] { outIou.data()[k - 1] }, new float[] { d.iou()[0][k] }, fx + " mask_decoder iou[" + k + "]");
			}
		} else {
			int token = MaskChoice.singleMask(d, 0);
			assertLogitsClose(outMasks.data(), d.mask(0, token), fx + " mask_decoder mask (stability choice " + token + ")");
			assertFeaturesClose(outIou.data(), new float[] { d.iou()[0][token] }, fx + " mask_decoder iou");
		}
		// the object-pointer token is always token 0 unless multimask tokens are used for pointers
		int ptrTokens = (int) outTokens.dim(1);
		for (int k = 0; k < ptrTokens; k++) {
			int token = ptrTokens == 1 ? 0 : k + 1;
			assertFeaturesClose(java.util.Arrays.copyOfRange(outTokens.data(), k * c, (k + 1) * c), d.objectPointer(0, token), fx + " mask_decoder sam token " + token);
		}
		assertFeaturesClose(npy(fx, "mask_decoder.output.3").data(), d.objectScore(), fx + " mask_decoder object score");
	}
}
