package sc.fiji.revsam2.sam2;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Config inference from tensor shapes on all eight of Meta's models and the micro test model. */
class Sam2ConfigTest {

	@ParameterizedTest
	@CsvSource({
		"sam2_hiera_t,    2.0, TINY,      96,  '1,2,7,2',   1, '5,7,9',    '8,4,14,7', 38946242",
		"sam2_hiera_s,    2.0, SMALL,     96,  '1,2,11,2',  1, '7,10,13',  '8,4,14,7', 46044098",
		"sam2_hiera_b+,   2.0, BASE_PLUS, 112, '2,3,16,3',  2, '12,16,20', '8,4,14,7', 80833922",
		"sam2_hiera_l,    2.0, LARGE,     144, '2,6,36,4',  2, '23,33,43', '8,4,16,8', 224430386",
		"sam2.1_hiera_t,  2.1, TINY,      96,  '1,2,7,2',   1, '5,7,9',    '8,4,14,7', 38962754",
		"sam2.1_hiera_s,  2.1, SMALL,     96,  '1,2,11,2',  1, '7,10,13',  '8,4,14,7', 46060610",
		"sam2.1_hiera_b+, 2.1, BASE_PLUS, 112, '2,3,16,3',  2, '12,16,20', '8,4,14,7', 80850434",
		"sam2.1_hiera_l,  2.1, LARGE,     144, '2,6,36,4',  2, '23,33,43', '8,4,16,8', 224446898" })
	void infersEveryOfficialModel(String name, String version, ModelSize size, int embed, String stages, int heads, String global, String windows, long params) {
		Architecture a = Architecture.load(name);
		assertEquals(params, a.parameters(), "bundled parameter count");
		assertEquals(params, a.shapes().values().stream().mapToLong(s -> { long n = 1; for (long d : s) n *= d; return n; }).sum());
		Sam2Config c = Sam2Config.infer(a.shapes(), 1024);
		assertEquals(version, c.version());
		assertEquals(size, c.size());
		assertEquals(embed, c.embedDim());
		assertArrayEquals(ints(stages), c.stages());
		assertEquals(heads, c.initialHeads());
		assertArrayEquals(ints(global), c.globalAttentionBlocks());
		assertArrayEquals(ints(windows), c.windowSpec());
		assertEquals(256, c.hiddenDim());
		assertEquals(64, c.memDim());
		assertEquals(7, c.numMaskmem());
		assertEquals(4, c.memoryAttentionLayers());
		assertEquals(2048, c.memoryAttentionFfn());
		assertEquals(2, c.decoderDepth());
		assertEquals(2048, c.decoderMlpDim());
		assertEquals(4, c.numMaskTokens());
		assertEquals(4, c.maskDownsamplerLayers());
		assertEquals(2, c.fuserLayers());
		assertEquals(64, c.featureSize());
		assertEquals(256, c.lowResMaskSize());
		boolean v21 = version.equals("2.1");
		assertEquals(v21, c.noObjEmbedSpatial());
		assertEquals(v21, c.addTposEncToObjPtrs());
		assertEquals(v21, c.useSignedTposEncToObjPtrs());
		int[] dims = c.stageDims();
		for (int i = 0; i < 4; i++) assertEquals(embed << i, dims[i], "stage " + i + " width");
	}

	@Test
	void infersTheMicroTestModel() {
		Architecture a = Architecture.load(Architecture.MICRO);
		Sam2Config c = Sam2Config.infer(a.shapes(), a.imageSize());
		assertEquals(ModelSize.TINY, c.size());
		assertEquals(8, c.embedDim());
		assertEquals(32, c.hiddenDim());
		assertEquals(16, c.memDim());
		assertEquals(16, c.featureSize());
	}

	@Test
	void rejectsWhatIsNotASam2Checkpoint() {
		Map<String, long[]> shapes = new LinkedHashMap<>(Architecture.load("sam2.1_hiera_t").shapes());
		shapes.remove("image_encoder.trunk.blocks.11.norm1.weight");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sam2Config.infer(shapes, 1024));
		assertTrue(e.getMessage().contains("match no SAM2 size"), e.getMessage());

		Map<String, long[]> noMem = new LinkedHashMap<>(Architecture.load("sam2.1_hiera_t").shapes());
		noMem.remove("no_mem_embed");
		e = assertThrows(IllegalArgumentException.class, () -> Sam2Config.infer(noMem, 1024));
		assertTrue(e.getMessage().contains("no_mem_embed"), e.getMessage());

		Map<String, long[]> mixed = new LinkedHashMap<>(Architecture.load("sam2.1_hiera_t").shapes());
		mixed.remove("no_obj_embed_spatial");
		e = assertThrows(IllegalArgumentException.class, () -> Sam2Config.infer(mixed, 1024));
		assertTrue(e.getMessage().contains("mixes SAM2.0 and SAM2.1"), e.getMessage());

		assertThrows(IllegalArgumentException.class, () -> Sam2Config.infer(Architecture.load("sam2.1_hiera_t").shapes(), 1000));
	}

	private static int[] ints(String s) {
		return java.util.Arrays.stream(s.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
	}
}
