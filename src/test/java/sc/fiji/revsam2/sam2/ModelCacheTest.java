package sc.fiji.revsam2.sam2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-user model cache: private folder, digest checked before use, planted or damaged entries never used. */
class ModelCacheTest {

	@TempDir
	Path tmp;

	private final AtomicInteger made = new AtomicInteger();

	/** A stand-in for a conversion: a small folder like a model's. */
	private void make(Path folder) throws IOException {
		made.incrementAndGet();
		Files.createDirectories(folder.resolve("saved_model/variables"));
		Files.writeString(folder.resolve("model.json"), "{\"name\": \"x\"}");
		Files.write(folder.resolve("saved_model/variables/variables.data"), new byte[] { 1, 2, 3, 4 });
	}

	private static boolean posix(Path p) {
		return p.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

	@Test
	void createsAPrivateFolderAndConvertsOnce() throws IOException {
		ModelCache cache = new ModelCache(tmp.resolve("home/.cache/revsam2"));
		Path a = cache.entry("m", this::make), b = cache.entry("m", this::make);
		assertEquals(a, b);
		assertEquals(1, made.get(), "made once, then reused");
		assertTrue(ModelCache.isValid(a));
		assertTrue(Files.readString(a.resolve(ModelCache.DIGEST_FILE)).contains("  saved_model/variables/variables.data\n"));
		if (posix(tmp)) assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.root())));
		try (var s = Files.list(cache.root())) {
			assertEquals(1, s.count(), "no staging folder left behind");
		}
	}

	@Test
	void aChangedFileIsNotLoadedButMadeAgain() throws IOException {
		ModelCache cache = new ModelCache(tmp.resolve("cache"));
		Path e = cache.entry("m", this::make);
		Files.write(e.resolve("saved_model/variables/variables.data"), new byte[] { 9, 9, 9, 9 });
		assertFalse(ModelCache.isValid(e), "digest mismatch");
		Path again = cache.entry("m", this::make);
		assertEquals(2, made.get());
		assertEquals(4, Files.readAllBytes(again.resolve("saved_model/variables/variables.data"))[3], "the original bytes again");
		assertTrue(ModelCache.isValid(again));
	}

	@Test
	void extraFilesLinksAndAMissingDigestInvalidateAnEntry() throws IOException {
		ModelCache cache = new ModelCache(tmp.resolve("cache"));
		Path e = cache.entry("m", this::make);
		Files.writeString(e.resolve("saved_model/extra.pb"), "planted");
		assertFalse(ModelCache.isValid(e), "a file the digest does not list");
		e = cache.entry("m", this::make);
		Files.createSymbolicLink(e.resolve("link"), tmp);
		assertFalse(ModelCache.isValid(e), "a link");
		e = cache.entry("m", this::make);
		Files.delete(e.resolve(ModelCache.DIGEST_FILE));
		assertFalse(ModelCache.isValid(e), "no digest");
		e = cache.entry("m", this::make);
		assertTrue(ModelCache.isValid(e));
		assertEquals(4, made.get());
		assertTrue(Files.exists(tmp), "a link's target is never deleted");
	}

	@Test
	void aFolderOthersCouldWriteIsTightenedAndItsEntriesDiscarded() throws IOException {
		Assumptions.assumeTrue(posix(tmp), "POSIX permissions");
		Path root = tmp.resolve("shared");
		Files.createDirectories(root);
		Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
		// someone who could write here planted an entry with a matching digest
		Path planted = root.resolve("m");
		make(planted);
		ModelCache.writeDigest(planted);
		assertTrue(ModelCache.isValid(planted));
		made.set(0);
		Path e = new ModelCache(root).entry("m", this::make);
		assertEquals(1, made.get(), "the planted entry was not used");
		assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
		assertTrue(ModelCache.isValid(e));
	}

	@Test
	void anEntryOwnedBySomeoneElseIsNeverLoaded() throws IOException {
		ModelCache cache = new ModelCache(tmp.resolve("cache"));
		Path e = cache.entry("m", this::make);
		UserPrincipal other;
		try {
			other = tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
			Files.setOwner(e, other);
		} catch (IOException | UnsupportedOperationException notPrivileged) {
			Assumptions.abort("changing a folder's owner needs privileges: " + notPrivileged);
			return;
		}
		assertFalse(ModelCache.isValid(e), "another user's folder");
		Path again = cache.entry("m", this::make);
		assertEquals(2, made.get());
		assertNotEquals(other, Files.getOwner(again, LinkOption.NOFOLLOW_LINKS));
		// and a cache root of someone else's is refused with a way out
		Files.setOwner(cache.root(), other);
		IOException x = assertThrows(IOException.class, () -> cache.entry("n", this::make));
		assertTrue(x.getMessage().contains("not to you") && x.getMessage().contains("-Drevsam2.cache"), x.getMessage());
	}

	@Test
	void theDefaultIsInTheUsersHomeNotTheSharedTempFolder() {
		String old = System.getProperty("revsam2.cache");
		try {
			System.clearProperty("revsam2.cache");
			Assumptions.assumeTrue(System.getenv("REVSAM2_CACHE") == null && System.getenv("XDG_CACHE_HOME") == null, "no cache override in the environment");
			Path root = ModelCache.defaultRoot();
			assertEquals(Paths.get(System.getProperty("user.home"), ".cache", "revsam2"), root);
			System.setProperty("revsam2.cache", tmp.resolve("mine").toString());
			assertEquals(tmp.resolve("mine"), ModelCache.defaultRoot());
		} finally {
			if (old == null) System.clearProperty("revsam2.cache");
			else System.setProperty("revsam2.cache", old);
		}
	}

	@Test
	void theBundledModelsIgnoreAFolderPlantedInTheTempDirectory() throws IOException {
		// where the test model used to be converted (java.io.tmpdir), readable and writable by every user
		Path oldPlace = Paths.get(System.getProperty("java.io.tmpdir"), "revsam2-" + TestModel.NAME + "-f" + ModelDescriptor.FORMAT_VERSION + "-w" + TestModel.WEIGHTS_VERSION);
		boolean planted = false;
		if (!Files.exists(oldPlace)) {
			Files.createDirectories(oldPlace);
			Files.writeString(oldPlace.resolve(ModelDescriptor.FILE_NAME), "{\"planted\": true}");
			planted = true;
		}
		try {
			ModelCache cache = new ModelCache(tmp.resolve("cache"));
			Path test = TestModel.folder(cache);
			assertTrue(test.startsWith(cache.root().toRealPath()), test.toString());
			assertTrue(ModelCache.isValid(test));
			assertEquals(256, ModelDescriptor.read(test).config.imageSize());
			Path phantom = PhantomModel.folder(cache);
			assertTrue(phantom.startsWith(cache.root().toRealPath()) && ModelCache.isValid(phantom), phantom.toString());
			ModelDescriptor d = ModelDescriptor.read(phantom);
			assertEquals(PhantomModel.IMAGE_SIZE, d.config.imageSize(), "converted at the phantom model's training size");
			assertEquals(phantom, PhantomModel.folder(cache), "converted once");
		} finally {
			if (planted) {
				Files.deleteIfExists(oldPlace.resolve(ModelDescriptor.FILE_NAME));
				Files.deleteIfExists(oldPlace);
			}
		}
	}
}
