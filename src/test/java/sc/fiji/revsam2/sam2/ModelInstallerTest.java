package sc.fiji.revsam2.sam2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import sc.fiji.revsam2.task.CancelledException;
import sc.fiji.revsam2.task.TaskMonitor;
import sc.fiji.revsam2.testing.Fixtures;
import sc.fiji.revsam2.tf.TfSam2Model;

/** Downloading, checking and installing checkpoints, against a local HTTP server. */
class ModelInstallerTest {

	@TempDir
	Path dir;

	private HttpServer server;
	private byte[] payload;

	@BeforeEach
	void serve() throws IOException {
		payload = new byte[300_000];
		new Random(3).nextBytes(payload);
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/file.pt", ex -> {
			ex.sendResponseHeaders(200, payload.length);
			try (OutputStream o = ex.getResponseBody()) {
				o.write(payload);
			}
		});
		server.createContext("/checkpoint.pt", ex -> {
			byte[] b = Files.readAllBytes(Fixtures.folder(Fixtures.SAM21).resolve("checkpoint.pt"));
			ex.sendResponseHeaders(200, b.length);
			try (OutputStream o = ex.getResponseBody()) {
				o.write(b);
			}
		});
		server.createContext("/medsam2.pt", ex -> {
			byte[] b = Files.readAllBytes(Fixtures.folder(Fixtures.SAM21_512).resolve("checkpoint.pt"));
			ex.sendResponseHeaders(200, b.length);
			try (OutputStream o = ex.getResponseBody()) {
				o.write(b);
			}
		});
		server.createContext("/missing.pt", ex -> {
			ex.sendResponseHeaders(404, -1);
			ex.close();
		});
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	private URI url(String path) {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
	}

	private static String sha(byte[] b) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
	}

	private List<Path> files() throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.toList();
		}
	}

	/** Records progress fractions. */
	private static final class Recorder implements TaskMonitor {
		final List<Double> fractions = new ArrayList<>();
		final List<String> stages = new ArrayList<>();

		@Override
		public void progress(String stage, double fraction) {
			stages.add(stage);
			fractions.add(fraction);
		}

		@Override
		public boolean isCancelled() { return false; }
	}

	@Test
	void downloadReportsProgressAndChecksTheDigest() throws Exception {
		Recorder rec = new Recorder();
		ModelInstaller.Download d = ModelInstaller.download(url("/file.pt"), dir, "file.pt", sha(payload).toUpperCase(), rec);
		assertArrayEquals(payload, Files.readAllBytes(d.file()));
		assertEquals(sha(payload), d.sha256());
		assertEquals(payload.length, d.bytes());
		assertTrue(d.file().getFileName().toString().startsWith(".file.pt.") && d.file().getFileName().toString().endsWith(".part"));
		assertTrue(rec.fractions.size() > 1);
		for (int i = 1; i < rec.fractions.size(); i++) assertTrue(rec.fractions.get(i) >= rec.fractions.get(i - 1));
		assertEquals(1.0, rec.fractions.get(rec.fractions.size() - 1), 1e-12);
		assertTrue(rec.stages.get(rec.stages.size() - 1).contains("0.3 MB of 0.3 MB"), rec.stages.get(rec.stages.size() - 1));
	}

	@Test
	void aMismatchingDownloadLeavesNoFile() throws Exception {
		String wrong = "0".repeat(64);
		IOException e = assertThrows(IOException.class, () -> ModelInstaller.download(url("/file.pt"), dir, "file.pt", wrong, TaskMonitor.NONE));
		assertTrue(e.getMessage().contains("has SHA-256 " + sha(payload) + ", not the expected " + wrong), e.getMessage());
		assertEquals(List.of(), files());
	}

	@Test
	void noNetworkSaysWhatToDo() throws Exception {
		int closedPort;
		try (ServerSocket s = new ServerSocket(0)) {
			closedPort = s.getLocalPort();
		}
		URI url = URI.create("http://127.0.0.1:" + closedPort + "/segment_anything_2/092824/sam2.1_hiera_tiny.pt");
		IOException e = assertThrows(IOException.class, () -> ModelInstaller.download(url, dir, "sam2.1_hiera_tiny.pt", null, TaskMonitor.NONE));
		assertTrue(e.getMessage().startsWith("Cannot reach 127.0.0.1: "), e.getMessage());
		assertTrue(e.getMessage().contains("Download " + url + " with a browser and install it from the local file"), e.getMessage());
		assertEquals(List.of(), files());
	}

	@Test
	void httpErrorsAreReported() {
		IOException e = assertThrows(IOException.class, () -> ModelInstaller.download(url("/missing.pt"), dir, "missing.pt", null, TaskMonitor.NONE));
		assertTrue(e.getMessage().startsWith("127.0.0.1 answered HTTP 404"), e.getMessage());
	}

	@Test
	void aCancelledDownloadLeavesNoFile() throws Exception {
		TaskMonitor cancelAfterFirstChunk = new TaskMonitor() {
			int calls;

			@Override
			public void progress(String stage, double fraction) { calls++; }

			@Override
			public boolean isCancelled() { return calls > 0; }
		};
		assertThrows(CancelledException.class, () -> ModelInstaller.download(url("/file.pt"), dir, "file.pt", null, cancelAfterFirstChunk));
		assertEquals(List.of(), files());
	}

	@Test
	void officialDigestsAreRecordedForAllEightCheckpoints() {
		for (MetaCheckpoint c : MetaCheckpoint.values()) {
			String s = ModelInstaller.officialSha256(c);
			if (!c.isMeta()) {
				// no digest could be confirmed: said so, never pretended
				assertNull(s, c.toString());
				assertTrue(ModelInstaller.verification(c).contains("NOT verified"), ModelInstaller.verification(c));
				continue;
			}
			assertTrue(s != null && s.matches("[0-9a-f]{64}"), c + ": " + s);
			assertEquals(c, ModelInstaller.identify(s.toUpperCase()).orElseThrow());
			assertEquals(1024, c.imageSize());
		}
		assertEquals(8, java.util.Arrays.stream(MetaCheckpoint.values()).map(ModelInstaller::officialSha256).filter(java.util.Objects::nonNull).distinct().count());
		assertTrue(ModelInstaller.identify("0".repeat(64)).isEmpty());
		assertThrows(IllegalArgumentException.class, () -> ModelInstaller.normalizeSha("abc"));
	}

	@Test
	void downloadsConvertsAndDeletesTheCheckpoint() throws Exception {
		byte[] ckpt = Files.readAllBytes(Fixtures.folder(Fixtures.SAM21).resolve("checkpoint.pt"));
		Path root = dir.resolve("models");
		Recorder rec = new Recorder();
		ModelInstaller.Installed m = ModelInstaller.installOfficial(MetaCheckpoint.SAM2_1_TINY, url("/checkpoint.pt"), root, "micro", sha(ckpt), false, rec);
		assertEquals(root.resolve("micro"), m.modelFolder());
		assertEquals(sha(ckpt), m.sha256());
		assertNull(m.keptCheckpoint());
		assertEquals(List.of("micro"), InstalledModels.list(root));
		try (Stream<Path> s = Files.list(root)) {
			assertEquals(List.of(root.resolve("micro")), s.toList(), "nothing but the model is left");
		}
		try (TfSam2Model model = TfSam2Model.load(m.modelFolder(), ComputeDevice.CPU)) {
			assertEquals(MetaCheckpoint.SAM2_1_TINY.imageSize(), model.config().imageSize());
		}
		assertEquals(1.0, rec.fractions.get(rec.fractions.size() - 1), 1e-12);

		IOException again = assertThrows(IOException.class, () -> ModelInstaller.installOfficial(MetaCheckpoint.SAM2_1_TINY, url("/checkpoint.pt"), root, "micro", null, false, TaskMonitor.NONE));
		assertTrue(again.getMessage().startsWith("A model named 'micro' is already installed"), again.getMessage());

		// without a digest of its own, the download must match Meta's recorded one: this file does not
		IOException notOfficial = assertThrows(IOException.class, () -> ModelInstaller.installOfficial(MetaCheckpoint.SAM2_1_TINY, url("/checkpoint.pt"), root, "other", null, true, TaskMonitor.NONE));
		assertTrue(notOfficial.getMessage().contains("not the expected " + ModelInstaller.officialSha256(MetaCheckpoint.SAM2_1_TINY)), notOfficial.getMessage());
		assertFalse(Files.exists(root.resolve("other")));
		assertFalse(Files.exists(root.resolve("sam2.1_hiera_tiny.pt")));
	}

	@Test
	void installsALocalFileAndKeepsIt() throws Exception {
		Path ckpt = Files.copy(Fixtures.folder(Fixtures.SAM20).resolve("checkpoint.pt"), dir.resolve("my_sam2.pt"));
		Path root = dir.resolve("models");
		ModelInstaller.Installed m = ModelInstaller.installFile(ckpt, root, "", null, Fixtures.imageSize(Fixtures.SAM20), TaskMonitor.NONE);
		assertEquals(root.resolve("my_sam2"), m.modelFolder());
		assertTrue(Files.exists(ckpt));
		assertTrue(m.notes().stream().anyMatch(n -> n.contains("none of the published checkpoints RevSAM2 knows")), m.notes().toString());

		IOException e = assertThrows(IOException.class, () -> ModelInstaller.installFile(ckpt, root, "second", "f".repeat(64), 256, TaskMonitor.NONE));
		assertTrue(e.getMessage().contains("not the expected " + "f".repeat(64)), e.getMessage());
		Path text = Files.writeString(dir.resolve("notes.pt"), "not a checkpoint");
		assertThrows(IOException.class, () -> ModelInstaller.installFile(text, root, "", null, 256, TaskMonitor.NONE));
		assertEquals(List.of("my_sam2"), InstalledModels.list(root));
		try (Stream<Path> s = Files.list(root)) {
			assertEquals(1, s.count(), "a failed conversion leaves nothing");
		}
		assertThrows(IllegalArgumentException.class, () -> ModelInstaller.installFile(ckpt, root, "../escape", null, 256, TaskMonitor.NONE));
		// an unknown file without a size is refused, naming what to give
		IllegalArgumentException noSize = assertThrows(IllegalArgumentException.class, () -> ModelInstaller.installFile(ckpt, root, "third", null, 0, TaskMonitor.NONE));
		assertTrue(noSize.getMessage().contains("image size of my_sam2.pt is not known"), noSize.getMessage());
		assertFalse(Files.exists(root.resolve("third")));
	}

	@Test
	void knownCheckpointTable() {
		assertEquals(14, MetaCheckpoint.values().length);
		assertEquals(MetaCheckpoint.MEDSAM2_LATEST, MetaCheckpoint.byFileName("medsam2_latest.PT").orElseThrow());
		assertEquals("https://huggingface.co/wanglab/MedSAM2/resolve/main/MedSAM2_CTLesion.pt", MetaCheckpoint.MEDSAM2_CT_LESION.url());
		for (MetaCheckpoint c : MetaCheckpoint.values()) {
			if (c.name().startsWith("MEDSAM2_")) {
				assertEquals(512, c.imageSize(), c.toString());
				assertEquals(Preprocessing.MEDSAM2, c.preprocessing(), c.toString());
			} else {
				assertEquals(1024, c.imageSize(), c.toString());
				assertEquals(Preprocessing.SAM2, c.preprocessing(), c.toString());
			}
		}
		assertEquals("MedSAM2_pretrain.pth", MetaCheckpoint.MEDICAL_SAM2.fileName());
		assertTrue(MetaCheckpoint.byFileName("checkpoint.pt").isEmpty());
	}

	@Test
	void aKnownNameGivesItsImageSizeAndPreprocessing() throws Exception {
		Path ckpt = Files.copy(Fixtures.folder(Fixtures.SAM21_512).resolve("checkpoint.pt"), dir.resolve("MedSAM2_CTLesion.pt"));
		Path root = dir.resolve("models");
		ModelInstaller.Installed m = ModelInstaller.installFile(ckpt, root, "", null, 0, TaskMonitor.NONE);
		ModelDescriptor d = ModelDescriptor.read(m.modelFolder());
		assertEquals(512, d.config.imageSize());
		assertEquals(Preprocessing.MEDSAM2, d.preprocessing());
		assertTrue(m.notes().stream().anyMatch(n -> n.contains("NOT verified")), m.notes().toString());
		assertTrue(m.notes().stream().anyMatch(n -> n.equals("SHA-256 " + m.sha256())), m.notes().toString());
	}

	@Test
	void aDownloadWithoutAConfirmedDigestIsReportedNotVerified() throws Exception {
		byte[] ckpt = Files.readAllBytes(Fixtures.folder(Fixtures.SAM21_512).resolve("checkpoint.pt"));
		Path root = dir.resolve("models");
		ModelInstaller.Installed m = ModelInstaller.installOfficial(MetaCheckpoint.MEDSAM2_LATEST, url("/medsam2.pt"), root, "med", null, false, TaskMonitor.NONE);
		assertEquals(sha(ckpt), m.sha256());
		assertTrue(m.notes().get(0).contains("NOT verified"), m.notes().toString());
		assertTrue(m.notes().contains("SHA-256 " + sha(ckpt)), m.notes().toString());
		assertEquals(512, ModelDescriptor.read(m.modelFolder()).config.imageSize());
		assertEquals(Preprocessing.MEDSAM2, ModelDescriptor.read(m.modelFolder()).preprocessing());
	}
}
