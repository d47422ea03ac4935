package sc.fiji.revsam2.sam2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.revsam2.sam2.Signatures.*;
import static sc.fiji.revsam2.testing.Fixtures.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

import sc.fiji.revsam2.checkpoint.NdArray;
import sc.fiji.revsam2.testing.Fixtures;
import sc.fiji.revsam2.tf.TfSam2Model;
import sc.fiji.revsam2.tf.TfTensors;

/**
 * bfloat16 on the image encoder of every fixture: on a CPU with bfloat16 instructions it must
 * change the features (else the rewrite did not apply), and they stay near Meta's float32 ones.
 */
class PrecisionTest {

	/** True where oneDNN has native bfloat16 (AVX512-BF16 or AMX): there the rewrite must change the numbers. */
	static boolean cpuHasBf16() {
		try {
			String info = Files.readString(Path.of("/proc/cpuinfo"));
			return info.contains("avx512_bf16") || info.contains("amx_bf16");
		} catch (IOException | RuntimeException e) {
			return false;
		}
	}

	@Test
	void parses() {
		assertEquals(Precision.BFLOAT16, Precision.parse("bf16"));
		assertEquals(Precision.BFLOAT16, Precision.parse(" BFloat16 "));
		assertEquals(Precision.FLOAT32, Precision.parse("fp32"));
		assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
	}

	@ParameterizedTest
	@ValueSource(strings = { SAM21, SAM20, SAM21_512 })
	void bfloat16ChangesTheEncoderSlightly(String fx) throws Exception {
		NdArray input = npy(fx, "image_encoder.input");
		int s = (int) input.dim(2);
		float[] golden = nchwToNhwc(npy(fx, "image_encoder.backbone_fpn.2"));
		float[][] vision = new float[2][];
		for (Precision p : Precision.values()) {
			try (TfSam2Model model = TfSam2Model.load(Fixtures.modelFolder(fx), ComputeDevice.CPU, p);
				TFloat32 in = TfTensors.of(nchwToNhwc(input), 1, s, s, 3);
				Result r = model.run(IMAGE_ENCODER, Map.of(IMAGES, in), VISION_FEATURES)) {
				vision[p.ordinal()] = TfTensors.toArray((TFloat32) r.get(0));
			}
		}
		float diff = maxAbsError(vision[0], vision[1]), bf16Err = maxAbsError(golden, vision[1]), fp32Err = maxAbsError(golden, vision[0]);
		float scale = 1 + maxAbs(golden);
		System.out.printf("[bf16] %-24s image features: max |fp32 - Meta| %.3g, max |bf16 - Meta| %.3g, max |bf16 - fp32| %.3g (1 + max |Meta| = %.3g)%n", fx,
			fp32Err, bf16Err, diff, scale);
		if (cpuHasBf16()) assertTrue(diff > 0, fx + ": bfloat16 changed nothing: the rewrite did not apply");
		// bfloat16 keeps 8 bits of mantissa: errors of a few per cent of the scale, not float32's 1e-3
		assertTrue(bf16Err <= 0.1f * scale, fx + ": bfloat16 features off by " + bf16Err + " (scale " + scale + ")");
	}
}
