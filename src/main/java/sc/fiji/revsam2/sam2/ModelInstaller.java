package sc.fiji.revsam2.sam2;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import sc.fiji.revsam2.io.FileTrees;
import sc.fiji.revsam2.task.CancelledException;
import sc.fiji.revsam2.task.TaskMonitor;

/**
 * Installs SAM2 models into the models folder: downloads an official checkpoint (or takes a local
 * one), checks its SHA-256, converts it with {@link Sam2Engine#convert} and removes the checkpoint
 * unless asked to keep it. No GUI: the Fiji commands and the command line call it. A failed,
 * cancelled or mismatching download leaves no file behind; the model folder appears complete or
 * not at all.
 */
public final class ModelInstaller {

	static final int CONNECT_TIMEOUT_MS = 20_000;
	static final int READ_TIMEOUT_MS = 60_000;

	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
	private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

	/**
	 * SHA-256 of Meta's eight published checkpoint files. Meta publishes none; these are the
	 * digests that several independent public projects record for the files at
	 * {@link MetaCheckpoint#url()} (they agree with each other and with the files' sizes).
	 * None is recorded for MedSAM2 and Medical-SAM2: their authors publish none and no digest
	 * could be confirmed from two independent sources, so their downloads are not verified (the
	 * installer says so and reports the file's SHA-256 instead).
	 */
	private static final Map<MetaCheckpoint, String> OFFICIAL_SHA256 = new EnumMap<>(Map.of(
		MetaCheckpoint.SAM2_1_TINY, "7402e0d864fa82708a20fbd15bc84245c2f26dff0eb43a4b5b93452deb34be69",
		MetaCheckpoint.SAM2_1_SMALL, "6d1aa6f30de5c92224f8172114de081d104bbd23dd9dc5c58996f0cad5dc4d38",
		MetaCheckpoint.SAM2_1_BASE_PLUS, "a2345aede8715ab1d5d31b4a509fb160c5a4af1970f199d9054ccfb746c004c5",
		MetaCheckpoint.SAM2_1_LARGE, "2647878d5dfa5098f2f8649825738a9345572bae2d4350a2468587ece47dd318",
		MetaCheckpoint.SAM2_TINY, "65b50056e05bcb13694174f51bb6da89c894b57b75ccdf0ba6352c597c5d1125",
		MetaCheckpoint.SAM2_SMALL, "95949964d4e548409021d47b22712d5f1abf2564cc0c3c765ba599a24ac7dce3",
		MetaCheckpoint.SAM2_BASE_PLUS, "d0bb7f236400a49669ffdd1be617959a8b1d1065081789d7bbff88eded3a8071",
		MetaCheckpoint.SAM2_LARGE, "7442e4e9b732a508f80e141e7c2913437a3610ee0c77381a66658c3a445df87b"));

	private ModelInstaller() {}

	/** A downloaded file, its SHA-256 (lower-case hex) and size. */
	public record Download(Path file, String sha256, long bytes) {}

	/**
	 * An installed model: its folder, the checkpoint's SHA-256, the kept checkpoint (null when
	 * deleted or not ours to delete), and notes for the user (what the checksum was checked against).
	 */
	public record Installed(Path modelFolder, String sha256, Path keptCheckpoint, List<String> notes) {}

	/** The recorded SHA-256 of a known checkpoint; null where none could be confirmed. */
	public static String officialSha256(MetaCheckpoint c) {
		return OFFICIAL_SHA256.get(c);
	}

	/** What the installer checks a download of {@code c} against, in words (for dialogs and help). */
	public static String verification(MetaCheckpoint c) {
		return officialSha256(c) != null ? "SHA-256 checked against the recorded digest of " + c.fileName()
			: "no published SHA-256 of " + c.fileName() + " could be confirmed: the download is NOT verified; its SHA-256 is reported for you to compare";
	}

	/** The message when a checkpoint's image size is neither known nor given. */
	public static String imageSizeUnknown(String fileName) {
		return "the image size of " + fileName + " is not known: it is none of the published checkpoints RevSAM2 knows by name or digest "
			+ "(Meta's SAM2 and SAM2.1, MedSAM2, Medical-SAM2), and it cannot be read from the weights. Give the size the model was trained at "
			+ "(1024 for Meta's SAM2 and most fine-tunes of it, 512 for MedSAM2; a wrong size runs but segments worse)";
	}

	/** The official checkpoint with this SHA-256, if any. */
	public static Optional<MetaCheckpoint> identify(String sha256) {
		return OFFICIAL_SHA256.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(sha256)).map(Map.Entry::getKey).findFirst();
	}

	/**
	 * Downloads an official checkpoint and installs it as {@code root/name} (name blank: the
	 * checkpoint's own name). The download is checked against {@code expectedSha256} when given,
	 * else against the recorded official digest.
	 *
	 * @param url where to download from ({@link MetaCheckpoint#url()}, or a mirror)
	 */
	public static Installed installOfficial(MetaCheckpoint checkpoint, URI url, Path root, String name, String expectedSha256, boolean keepCheckpoint,
		TaskMonitor monitor) throws IOException {
		String model = modelName(name, checkpoint.modelName());
		Path folder = checkTarget(root, model);
		String expected = normalizeSha(expectedSha256);
		List<String> notes = new ArrayList<>();
		if (expected == null) {
			expected = officialSha256(checkpoint);
			notes.add(verification(checkpoint));
		} else {
			notes.add("SHA-256 checked against the digest you gave");
		}
		Download d = download(url, root, checkpoint.fileName(), expected, monitor.part(0, 0.8));
		notes.add("SHA-256 " + d.sha256());
		Path kept = null;
		try {
			monitor.progress("converting " + checkpoint.modelName() + " (this takes a while)", 0.8);
			monitor.checkCancelled();
			convert(d.file(), folder, checkpoint.imageSize(), checkpoint.fileName() + " from " + checkpoint.source(), checkpoint.preprocessing());
			notes.add(checkpoint.imageSize() + " px, preprocessing: " + checkpoint.preprocessing().description());
			if (keepCheckpoint) {
				kept = root.resolve(checkpoint.fileName());
				Files.move(d.file(), kept, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			if (kept == null) Files.deleteIfExists(d.file());
		}
		monitor.progress("installed " + model, 1);
		return new Installed(folder, d.sha256(), kept, notes);
	}

	/**
	 * Installs a local checkpoint file as {@code root/name} (name blank: the file name without
	 * {@code .pt}). With {@code expectedSha256} the file must match it; without, the digest is
	 * compared with the known ones and reported (a fine-tuned checkpoint installs as well).
	 * The image size and preprocessing come from the table of known checkpoints when the file is
	 * known by digest or name; else the image size must be given. The file itself is left in place.
	 *
	 * @param imageSize the model's input size in pixels; 0: from the table of known checkpoints
	 * @throws IllegalArgumentException when the size is 0 and the checkpoint is not known
	 */
	public static Installed installFile(Path checkpoint, Path root, String name, String expectedSha256, int imageSize, TaskMonitor monitor) throws IOException {
		if (!Files.isRegularFile(checkpoint)) throw new IOException("No checkpoint file " + checkpoint);
		if (imageSize != 0 && (imageSize < 32 || imageSize % 32 != 0)) throw new IllegalArgumentException("image size " + imageSize + " is not a positive multiple of 32");
		String fileName = checkpoint.getFileName().toString();
		String model = modelName(name, fileName.replaceFirst("(?i)\\.(pt|pth)$", ""));
		Path folder = checkTarget(root, model);
		String expected = normalizeSha(expectedSha256);
		Optional<MetaCheckpoint> byName = MetaCheckpoint.byFileName(fileName);
		// the digest may identify a renamed known checkpoint, so the size is settled after it (seconds)
		String sha = sha256(checkpoint, monitor.part(0, 0.3));
		List<String> notes = new ArrayList<>();
		notes.add("SHA-256 " + sha);
		if (expected != null && !expected.equals(sha)) {
			throw new IOException(fileName + " has SHA-256 " + sha + ", not the expected " + expected + ": nothing was installed");
		}
		Optional<MetaCheckpoint> official = identify(sha);
		Optional<MetaCheckpoint> known = official.or(() -> byName);
		if (official.isPresent()) notes.add("the file is the published " + official.get().fileName() + " of " + official.get().source());
		else if (byName.isPresent()) notes.add("named like " + byName.get().fileName() + " of " + byName.get().source() + " (" + verification(byName.get()) + ")");
		else notes.add("the file is none of the published checkpoints RevSAM2 knows (fine if it is a fine-tuned SAM2)");
		int size = imageSize;
		if (size == 0) {
			size = known.map(MetaCheckpoint::imageSize).orElseThrow(() -> new IllegalArgumentException(imageSizeUnknown(fileName)));
			notes.add(size + " px: the size " + known.get().fileName() + " was trained at");
		} else if (known.isPresent() && known.get().imageSize() != size) {
			notes.add(size + " px as you chose, although " + known.get().fileName() + " was trained at " + known.get().imageSize() + " px");
		} else {
			notes.add(size + " px");
		}
		Preprocessing pre = known.map(MetaCheckpoint::preprocessing).orElse(Preprocessing.SAM2);
		notes.add("preprocessing: " + pre.description());
		monitor.progress("converting " + fileName + " (this takes a while)", 0.3);
		monitor.checkCancelled();
		convert(checkpoint, folder, size, fileName + known.map(k -> " (" + k.source() + ")").orElse(""), pre);
		monitor.progress("installed " + model, 1);
		return new Installed(folder, sha, null, notes);
	}

	/**
	 * Converts a checkpoint into {@code modelFolder} and records its source and preprocessing in
	 * {@code model.json}; the folder is complete or absent.
	 */
	public static ModelDescriptor convert(Path checkpoint, Path modelFolder, int imageSize, String source, Preprocessing preprocessing) throws IOException {
		Sam2Engines.tensorFlow().convert(checkpoint, modelFolder, imageSize);
		try {
			return record(modelFolder, source, preprocessing);
		} catch (IOException | RuntimeException e) {
			FileTrees.deleteRecursively(modelFolder);
			throw e;
		}
	}

	/** Records where a converted model came from and the preprocessing it expects in its {@code model.json}. */
	static ModelDescriptor record(Path modelFolder, String source, Preprocessing preprocessing) throws IOException {
		ModelDescriptor d = ModelDescriptor.read(modelFolder);
		d.source = source;
		d.preprocessing = preprocessing;
		Path tmp = Files.createTempDirectory(modelFolder, ".model-json-");
		try {
			d.write(tmp);
			Files.move(tmp.resolve(ModelDescriptor.FILE_NAME), modelFolder.resolve(ModelDescriptor.FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
				StandardCopyOption.ATOMIC_MOVE);
		} finally {
			Files.deleteIfExists(tmp.resolve(ModelDescriptor.FILE_NAME));
			Files.deleteIfExists(tmp);
		}
		return d;
	}

	/**
	 * Downloads {@code url} into a temporary file in {@code folder}, computing its SHA-256 on the
	 * way, and checks it against {@code expectedSha256} when given. On any failure, a mismatch or a
	 * cancel the temporary file is deleted.
	 *
	 * @param label what is downloaded, for progress messages
	 * @return the temporary file (hidden, ending in {@code .part}): the caller moves or deletes it
	 * @throws IOException saying the host cannot be reached (and what to do), an HTTP error, or the mismatch
	 */
	public static Download download(URI url, Path folder, String label, String expectedSha256, TaskMonitor monitor) throws IOException {
		String expected = normalizeSha(expectedSha256);
		Files.createDirectories(folder);
		Path tmp = Files.createTempFile(folder, "." + label + ".", ".part");
		boolean ok = false;
		try {
			URLConnection c = open(url);
			long length = c.getContentLengthLong();
			MessageDigest md = sha256();
			long n = 0;
			try (InputStream in = c.getInputStream(); OutputStream out = Files.newOutputStream(tmp)) {
				byte[] buf = new byte[1 << 16];
				for (int r; (r = in.read(buf)) >= 0;) {
					monitor.checkCancelled();
					out.write(buf, 0, r);
					md.update(buf, 0, r);
					n += r;
					monitor.progress("downloading " + label + " (" + megabytes(n) + (length > 0 ? " of " + megabytes(length) : "") + ")", length > 0 ? (double) n / length : 0);
				}
			} catch (SocketTimeoutException | SocketException e) {
				throw unreachable(url, e);
			}
			if (length > 0 && n != length) throw new IOException("The download of " + url + " stopped after " + n + " of " + length + " bytes; try again");
			String sha = HexFormat.of().formatHex(md.digest());
			if (expected != null && !expected.equals(sha)) {
				throw new IOException("The download of " + url + " has SHA-256 " + sha + ", not the expected " + expected
					+ ": it is damaged or not the official file, and was deleted");
			}
			ok = true;
			return new Download(tmp, sha, n);
		} finally {
			if (!ok) Files.deleteIfExists(tmp);
		}
	}

	/** The SHA-256 of a file (lower-case hex). */
	public static String sha256(Path file, TaskMonitor monitor) throws IOException {
		MessageDigest md = sha256();
		long size = Files.size(file), n = 0;
		try (InputStream in = Files.newInputStream(file)) {
			byte[] buf = new byte[1 << 16];
			for (int r; (r = in.read(buf)) >= 0;) {
				monitor.checkCancelled();
				md.update(buf, 0, r);
				n += r;
				monitor.progress("checking " + file.getFileName(), size > 0 ? (double) n / size : 1);
			}
		}
		return HexFormat.of().formatHex(md.digest());
	}

	private static URLConnection open(URI url) throws IOException {
		try {
			URLConnection c = url.toURL().openConnection();
			c.setConnectTimeout(CONNECT_TIMEOUT_MS);
			c.setReadTimeout(READ_TIMEOUT_MS);
			c.setRequestProperty("User-Agent", "RevSAM2-Fiji");
			if (c instanceof HttpURLConnection h) {
				h.setInstanceFollowRedirects(true);
				int code = h.getResponseCode();
				if (code != HttpURLConnection.HTTP_OK) {
					h.disconnect();
					throw new IOException(url.getHost() + " answered HTTP " + code + (h.getResponseMessage() == null ? "" : " (" + h.getResponseMessage() + ")")
						+ " for " + url);
				}
			}
			return c;
		} catch (UnknownHostException | ConnectException | NoRouteToHostException | SocketTimeoutException | SSLException e) {
			throw unreachable(url, e);
		} catch (InterruptedIOException e) {
			throw new CancelledException();
		} catch (IllegalArgumentException e) {
			throw new IOException("Cannot download " + url + ": " + e.getMessage(), e);
		}
	}

	private static IOException unreachable(URI url, IOException e) {
		String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
		return new IOException("Cannot reach " + url.getHost() + ": " + reason + ". Download " + url + " with a browser and install it from the local file "
			+ "(Plugins > Segmentation > RevSAM2 > Install SAM2 Model from File)", e);
	}

	private static String modelName(String name, String fallback) {
		String n = name == null || name.isBlank() ? fallback : name.trim();
		if (!MODEL_NAME.matcher(n).matches()) {
			throw new IllegalArgumentException("'" + n + "' is not usable as a model name: use letters, digits, '.', '_', '+' and '-'");
		}
		return n;
	}

	private static Path checkTarget(Path root, String model) throws IOException {
		Path folder = root.resolve(model);
		if (Files.exists(folder)) {
			throw new IOException("A model named '" + model + "' is already installed in " + folder + ": remove that folder to reinstall it, or choose another name");
		}
		Files.createDirectories(root);
		return folder;
	}

	/** Lower-case hex, or null when blank. */
	static String normalizeSha(String s) {
		if (s == null || s.isBlank()) return null;
		String t = s.trim().toLowerCase(Locale.ROOT);
		if (!SHA256.matcher(t).matches()) throw new IllegalArgumentException("'" + s.trim() + "' is not a SHA-256 digest (64 hexadecimal digits)");
		return t;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String megabytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
	}
}
