package sc.fiji.revsam2.tf;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.revsam2.checkpoint.NdArray;
import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.ModelSize;
import sc.fiji.revsam2.sam2.ModelDescriptor;
import sc.fiji.revsam2.sam2.Architecture;
import sc.fiji.revsam2.sam2.RandomWeights;
import sc.fiji.revsam2.sam2.FrameFeatures;
import sc.fiji.revsam2.sam2.ConditionedFeatures;
import sc.fiji.revsam2.sam2.DecoderResult;
import sc.fiji.revsam2.sam2.MemoryFeatures;
import sc.fiji.revsam2.sam2.MemoryBankInput;

/** A random-weight model of the real SAM2.1-Tiny shapes (38.9 M parameters) converts, reloads and runs, at 1024 px and at MedSAM2's 512 px. */
class RealTinyShapesTest {

	@Test
	void convertsReloadsAndRuns(@TempDir Path tmp) throws Exception {
		Architecture arch = Architecture.load("sam2.1_hiera_t");
		Map<String, NdArray> weights = RandomWeights.generate(arch, 3);
		assertEquals(38_962_754L, weights.values().stream().mapToLong(NdArray::size).sum());
		ModelDescriptor d = Sam2Converter.convert(weights, "random tiny", tmp.resolve("tiny"), 1024);
		assertEquals("2.1", d.config.version());
		assertEquals(ModelSize.TINY, d.config.size());
		try (TfSam2Model m = TfSam2Model.load(tmp.resolve("tiny"), ComputeDevice.CPU)) {
			float[] slice = new float[300 * 260];
			for (int i = 0; i < slice.length; i++) slice[i] = (i % 300) / 300f;
			try (FrameFeatures f = m.encodeSlices(List.of(slice), 300, 260)) {
				TfSam2Model.TfFrameFeatures t = (TfSam2Model.TfFrameFeatures) f;
				assertArrayEquals(new long[] { 1, 256, 256, 32 }, t.highRes0.shape().asArray());
				assertArrayEquals(new long[] { 1, 128, 128, 64 }, t.highRes1.shape().asArray());
				assertArrayEquals(new long[] { 1, 64, 64, 256 }, t.vision.shape().asArray());
				assertAllFinite(TfTensors.toArray(t.vision));
				float[] lowRes = new float[256 * 256];
				for (int i = 0; i < lowRes.length; i++) lowRes[i] = (i % 256) < 128 ? 10 : -10;
				try (MemoryFeatures mem = m.encodeMemory(f, lowRes, true, true);
					ConditionedFeatures c = m.attend(f, new MemoryBankInput().addMemory(mem, 6).addPointer(new float[256], 1f))) {
					float[] out = TfTensors.toArray(((TfSam2Model.TfConditioned) c).features);
					assertEquals(64 * 64 * 256, out.length);
					assertAllFinite(out);
				}
			}
		}
	}

	/**
	 * The same shapes converted at MedSAM2's 512 px: a quarter of the tokens at every level, RoPE
	 * and position encodings of a 32 x 32 feature map, 128 x 128 mask logits.
	 */
	@Test
	void convertsAndRunsAt512(@TempDir Path tmp) throws Exception {
		Architecture arch = Architecture.load("sam2.1_hiera_t");
		ModelDescriptor d = Sam2Converter.convert(RandomWeights.generate(arch, 5), "random tiny 512", tmp.resolve("tiny512"), 512);
		assertEquals(512, d.config.imageSize());
		assertEquals(32, d.config.featureSize());
		assertEquals(128, d.config.lowResMaskSize());
		try (TfSam2Model m = TfSam2Model.load(tmp.resolve("tiny512"), ComputeDevice.CPU)) {
			float[] slice = new float[512 * 512];
			for (int i = 0; i < slice.length; i++) slice[i] = ((i % 512) ^ (i / 512)) / 1024f;
			try (FrameFeatures f = m.encodeSlices(List.of(slice), 512, 512)) {
				TfSam2Model.TfFrameFeatures t = (TfSam2Model.TfFrameFeatures) f;
				assertArrayEquals(new long[] { 1, 128, 128, 32 }, t.highRes0.shape().asArray());
				assertArrayEquals(new long[] { 1, 64, 64, 64 }, t.highRes1.shape().asArray());
				assertArrayEquals(new long[] { 1, 32, 32, 256 }, t.vision.shape().asArray());
				assertAllFinite(TfTensors.toArray(t.vision));
				float[] lowRes = new float[128 * 128];
				for (int i = 0; i < lowRes.length; i++) lowRes[i] = (i % 128) < 64 ? 10 : -10;
				try (MemoryFeatures mem = m.encodeMemory(f, lowRes, true, true)) {
					// several memory frames and pointers, as in tracking
					MemoryBankInput bank = new MemoryBankInput();
					for (int i = 0; i < 4; i++) bank.addMemory(mem, 6 - i).addPointer(new float[256], i / 15f);
					try (ConditionedFeatures c = m.attend(f, bank)) {
						float[] out = TfTensors.toArray(((TfSam2Model.TfConditioned) c).features);
						assertEquals(32 * 32 * 256, out.length);
						assertAllFinite(out);
						// the memory changed the features: attention ran on them
						assertTrue(maxAbsDiff(out, TfTensors.toArray(t.vision)) > 0);
					}
					DecoderResult dec;
					try (ConditionedFeatures c = m.attend(f, bank)) {
						dec = m.decode(c, f);
					}
					assertEquals(128, dec.lowResSize());
					assertAllFinite(dec.mask(0, 0));
				}
			}
		}
	}

	private static float maxAbsDiff(float[] a, float[] b) {
		float m = 0;
		for (int i = 0; i < Math.min(a.length, b.length); i++) m = Math.max(m, Math.abs(a[i] - b[i]));
		return m;
	}

	private static void assertAllFinite(float[] a) {
		for (float v : a) assertTrue(Float.isFinite(v), "non-finite output");
	}
}
