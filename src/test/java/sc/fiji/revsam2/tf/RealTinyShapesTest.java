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
import sc.fiji.revsam2.sam2.MemoryFeatures;
import sc.fiji.revsam2.sam2.MemoryBankInput;

/** A random-weight model of the real SAM2.1-Tiny shapes (38.9 M parameters, 1024 px) converts, reloads and runs. */
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

	private static void assertAllFinite(float[] a) {
		for (float v : a) assertTrue(Float.isFinite(v), "non-finite output");
	}
}
