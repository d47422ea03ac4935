package sc.fiji.revsam2.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Writes small checkpoints laid out like torch.save's zip archives, and damaged copies of them. */
final class CheckpointFiles {

	private CheckpointFiles() {}

	/** A torch.save-like archive: {prefix}/data.pkl, {prefix}/data/{key} for each storage, {prefix}/version. */
	static Path write(Path file, String prefix, byte[] pickle, Map<String, byte[]> storages) throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put(prefix + "/data.pkl", pickle);
		storages.forEach((key, bytes) -> entries.put(prefix + "/data/" + key, bytes));
		entries.put(prefix + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
		return writeZip(file, entries);
	}

	/** Entries stored uncompressed, as torch.save does. */
	static Path writeZip(Path file, Map<String, byte[]> entries) throws IOException {
		try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
			for (Map.Entry<String, byte[]> e : entries.entrySet()) {
				ZipEntry entry = new ZipEntry(e.getKey());
				entry.setMethod(ZipEntry.STORED);
				entry.setSize(e.getValue().length);
				CRC32 crc = new CRC32();
				crc.update(e.getValue());
				entry.setCrc(crc.getValue());
				zip.putNextEntry(entry);
				zip.write(e.getValue());
				zip.closeEntry();
			}
		}
		return file;
	}

	/** All entries of a zip, in order. */
	static Map<String, byte[]> readZip(Path file) throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipFile zip = new ZipFile(file.toFile())) {
			var it = zip.entries();
			while (it.hasMoreElements()) {
				ZipEntry e = it.nextElement();
				entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
			}
		}
		return entries;
	}

	static byte[] floats(float... values) {
		ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (float v : values) b.putFloat(v);
		return b.array();
	}

	static byte[] shorts(int... values) {
		ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
		for (int v : values) b.putShort((short) v);
		return b.array();
	}

	static byte[] doubles(double... values) {
		ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
		for (double v : values) b.putDouble(v);
		return b.array();
	}
}
