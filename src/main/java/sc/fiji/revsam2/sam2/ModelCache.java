package sc.fiji.revsam2.sam2;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import sc.fiji.revsam2.io.FileTrees;

/**
 * The per-user cache of models the plugin converts itself (the bundled phantom model, the
 * random-weight test model). A SavedModel graph can read and write files, so a cached model is
 * code: the cache is a folder of the current user's, readable by nobody else
 * ({@code ~/.cache/revsam2} unless {@code -Drevsam2.cache} or {@code REVSAM2_CACHE} say
 * otherwise), every entry is written with a digest of its files, and an entry is loaded only if
 * it is the user's own and its files still match that digest; otherwise it is made again.
 */
public final class ModelCache {

	/** The digest file in each entry: one "sha256  relative/path" line per file. */
	public static final String DIGEST_FILE = "revsam2-digest.sha256";

	/** Makes a model folder at {@code folder}, which does not exist yet. */
	@FunctionalInterface
	public interface Maker {
		void make(Path folder) throws IOException;
	}

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

	private final Path root;

	public ModelCache(Path root) {
		this.root = root.toAbsolutePath().normalize();
	}

	/** The cache of the current user (see the class comment). */
	public static ModelCache user() {
		return new ModelCache(defaultRoot());
	}

	public static Path defaultRoot() {
		String p = System.getProperty("revsam2.cache");
		if (p == null || p.isBlank()) p = System.getenv("REVSAM2_CACHE");
		if (p != null && !p.isBlank()) return Paths.get(p);
		String xdg = System.getenv("XDG_CACHE_HOME");
		if (xdg != null && !xdg.isBlank() && Paths.get(xdg).isAbsolute()) return Paths.get(xdg, "revsam2");
		return Paths.get(System.getProperty("user.home"), ".cache", "revsam2");
	}

	public Path root() {
		return root;
	}

	/**
	 * The verified folder of entry {@code key}, made with {@code maker} when it is missing or does
	 * not match its digest. Concurrent callers (threads or processes) may both make it; the first
	 * complete one wins.
	 * @throws IOException when the cache folder is not private to this user and cannot be made so,
	 *         or the model cannot be made
	 */
	public synchronized Path entry(String key, Maker maker) throws IOException {
		if (!key.matches("[A-Za-z0-9._-]+") || key.startsWith(".")) throw new IllegalArgumentException("bad cache key: " + key);
		Path dir = privateRoot();
		Path entry = dir.resolve(key);
		if (isValid(entry)) return entry;
		if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) removeEntry(entry);
		Path staging = Files.createTempDirectory(dir, ".staging-" + key + "-");
		try {
			Path made = staging.resolve(key);
			maker.make(made);
			writeDigest(made);
			try {
				Files.move(made, entry, StandardCopyOption.ATOMIC_MOVE);
			} catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
				// another process finished first: use its entry if it is sound
				if (!isValid(entry)) throw new IOException("The model cache entry " + entry + " was replaced while it was being made and does not match its digest; "
					+ "remove it and try again");
			}
			return entry;
		} finally {
			FileTrees.deleteRecursively(staging);
		}
	}

	/** Whether {@code entry} is a folder of this user's (not a link) whose files match its digest exactly. */
	public static boolean isValid(Path entry) {
		try {
			if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) || !ownedByMe(entry)) return false;
			Path digest = entry.resolve(DIGEST_FILE);
			if (!Files.isRegularFile(digest, LinkOption.NOFOLLOW_LINKS)) return false;
			String expected = Files.readString(digest, StandardCharsets.UTF_8);
			return expected.equals(digestOf(entry));
		} catch (IOException e) {
			return false;
		}
	}

	/** Writes the digest of every file under {@code folder}. */
	static void writeDigest(Path folder) throws IOException {
		Files.writeString(folder.resolve(DIGEST_FILE), digestOf(folder), StandardCharsets.UTF_8);
	}

	/** "sha256  path" lines for every regular file under {@code folder} but the digest, sorted; a link or special file fails. */
	static String digestOf(Path folder) throws IOException {
		TreeMap<String, String> lines = new TreeMap<>();
		List<Path> files = new ArrayList<>();
		try (Stream<Path> s = Files.walk(folder)) {
			s.forEach(files::add);
		}
		for (Path p : files) {
			if (Files.isSymbolicLink(p)) throw new IOException(p + " is a link");
			if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) continue;
			if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) throw new IOException(p + " is not a regular file");
			String rel = folder.relativize(p).toString().replace('\\', '/');
			if (rel.equals(DIGEST_FILE)) continue;
			lines.put(rel, sha256(p));
		}
		StringBuilder sb = new StringBuilder();
		lines.forEach((rel, h) -> sb.append(h).append("  ").append(rel).append('\n'));
		return sb.toString();
	}

	public static String sha256(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return sha256(in);
		}
	}

	public static String sha256(InputStream in) throws IOException {
		MessageDigest md;
		try {
			md = MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		byte[] buf = new byte[1 << 16];
		for (int n; (n = in.read(buf)) > 0;) md.update(buf, 0, n);
		return HexFormat.of().formatHex(md.digest());
	}

	/** The cache root, created owner-only; refused when it belongs to someone else or others can write it and we cannot fix that. */
	private Path privateRoot() throws IOException {
		try {
			if (!Files.exists(root)) {
				Files.createDirectories(root.getParent());
				PosixFileAttributeView posix = Files.getFileAttributeView(root.getParent(), PosixFileAttributeView.class);
				if (posix != null) Files.createDirectory(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
				else Files.createDirectory(root);
			}
		} catch (FileAlreadyExistsException raced) {
			// made by a concurrent run; checked below
		} catch (IOException e) {
			throw new IOException("Cannot create the model cache folder " + root + " (" + e.getMessage()
				+ "); choose another with -Drevsam2.cache=FOLDER or REVSAM2_CACHE", e);
		}
		Path real = root.toRealPath();
		if (!Files.isDirectory(real)) throw new IOException("The model cache " + root + " is not a folder; remove it or choose another with -Drevsam2.cache=FOLDER");
		if (!ownedByMe(real)) {
			throw new IOException("The model cache folder " + root + " belongs to " + Files.getOwner(real).getName() + ", not to you ("
				+ System.getProperty("user.name") + "); it will not be used. Choose your own with -Drevsam2.cache=FOLDER or REVSAM2_CACHE");
		}
		PosixFileAttributeView posix = Files.getFileAttributeView(real, PosixFileAttributeView.class);
		if (posix != null) {
			Set<PosixFilePermission> perms = posix.readAttributes().permissions();
			if (!OWNER_ONLY.containsAll(perms)) {
				Set<PosixFilePermission> tightened = EnumSet.copyOf(perms);
				tightened.retainAll(OWNER_ONLY);
				posix.setPermissions(tightened);
				// an entry made while others could write here is not trusted
				try (Stream<Path> s = Files.list(real)) {
					for (Path p : (Iterable<Path>) s::iterator) removeEntry(p);
				}
			}
		}
		return real;
	}

	private static boolean ownedByMe(Path p) throws IOException {
		UserPrincipal owner = Files.getOwner(p, LinkOption.NOFOLLOW_LINKS);
		return owner.getName().equals(System.getProperty("user.name")) || owner.equals(me(p));
	}

	private static UserPrincipal me(Path p) {
		try {
			return p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
		} catch (IOException | UnsupportedOperationException e) {
			return null;
		}
	}

	private static void removeEntry(Path entry) throws IOException {
		if (Files.isSymbolicLink(entry) || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
			Files.deleteIfExists(entry);
			return;
		}
		FileTrees.deleteRecursively(entry);
		if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
			throw new IOException("Cannot remove the stale model cache entry " + entry + "; remove it by hand and try again");
		}
	}
}
