package sc.fiji.revsam2.sam2;

import java.util.Locale;
import java.util.Optional;

/**
 * The published SAM2-architecture checkpoints RevSAM2 knows: Meta's eight
 * (github.com/facebookresearch/sam2, checkpoints/download_ckpts.sh), bowang-lab's MedSAM2
 * (SAM2.1-Tiny fine-tuned on 3D medical images, 512 px; huggingface.co/wanglab/MedSAM2) and
 * SuperMedIntel's Medical-SAM2 (SAM2.0 fine-tuned, 1024 px; huggingface.co/jiayuanz3/MedSAM2_pretrain).
 * Each with the image size it was trained at and the preprocessing it expects: neither can be
 * read from the weights.
 */
public enum MetaCheckpoint {
	SAM2_1_TINY("sam2.1_hiera_tiny", ".pt", Meta.URL + "092824/", 1024, Preprocessing.SAM2, Meta.SOURCE),
	SAM2_1_SMALL("sam2.1_hiera_small", ".pt", Meta.URL + "092824/", 1024, Preprocessing.SAM2, Meta.SOURCE),
	SAM2_1_BASE_PLUS("sam2.1_hiera_base_plus", ".pt", Meta.URL + "092824/", 1024, Preprocessing.SAM2, Meta.SOURCE),
	SAM2_1_LARGE("sam2.1_hiera_large", ".pt", Meta.URL + "092824/", 1024, Preprocessing.SAM2, Meta.SOURCE),
	SAM2_TINY("sam2_hiera_tiny", ".pt", Meta.URL + "072824/", 1024, Preprocessing.SAM2, Meta.SOURCE),
	SAM2_SMALL("sam2_hiera_small", ".pt", Meta.URL + "072824/", 1024, Preprocessing.SAM2, Meta.SOURCE),
	SAM2_BASE_PLUS("sam2_hiera_base_plus", ".pt", Meta.URL + "072824/", 1024, Preprocessing.SAM2, Meta.SOURCE),
	SAM2_LARGE("sam2_hiera_large", ".pt", Meta.URL + "072824/", 1024, Preprocessing.SAM2, Meta.SOURCE),
	/** MedSAM2, recommended by its authors: public data sets and newly annotated ones. */
	MEDSAM2_LATEST("MedSAM2_latest", ".pt", MedSam2.URL, 512, Preprocessing.MEDSAM2, MedSam2.SOURCE),
	/** MedSAM2's base model of November 2024. */
	MEDSAM2_2411("MedSAM2_2411", ".pt", MedSam2.URL, 512, Preprocessing.MEDSAM2, MedSam2.SOURCE),
	/** MedSAM2 fine-tuned for CT lesions. */
	MEDSAM2_CT_LESION("MedSAM2_CTLesion", ".pt", MedSam2.URL, 512, Preprocessing.MEDSAM2, MedSam2.SOURCE),
	/** MedSAM2 fine-tuned for liver lesions in MRI. */
	MEDSAM2_MRI_LIVER_LESION("MedSAM2_MRI_LiverLesion", ".pt", MedSam2.URL, 512, Preprocessing.MEDSAM2, MedSam2.SOURCE),
	/** MedSAM2 fine-tuned for heart ultrasound videos. */
	MEDSAM2_US_HEART("MedSAM2_US_Heart", ".pt", MedSam2.URL, 512, Preprocessing.MEDSAM2, MedSam2.SOURCE),
	/** Medical-SAM2's pretrained weights (SAM2.0; trained at 1024 px, the default of its cfg.py). */
	MEDICAL_SAM2("MedSAM2_pretrain", ".pth", "https://huggingface.co/jiayuanz3/MedSAM2_pretrain/resolve/main/", 1024, Preprocessing.SAM2,
		"SuperMedIntel Medical-SAM2 (github.com/SuperMedIntel/Medical-SAM2)");

	private final String name, extension, baseUrl, source;
	private final int imageSize;
	private final Preprocessing preprocessing;

	MetaCheckpoint(String name, String extension, String baseUrl, int imageSize, Preprocessing preprocessing, String source) {
		this.name = name;
		this.extension = extension;
		this.baseUrl = baseUrl;
		this.imageSize = imageSize;
		this.preprocessing = preprocessing;
		this.source = source;
	}

	/** File name without its extension; also the name of the installed model folder. */
	public String modelName() { return name; }

	/** The published file's name, e.g. {@code MedSAM2_latest.pt}. */
	public String fileName() { return name + extension; }

	public String url() { return baseUrl + fileName(); }

	/** The input size the model was trained at, in pixels. */
	public int imageSize() { return imageSize; }

	public Preprocessing preprocessing() { return preprocessing; }

	/** Who publishes it, and where. */
	public String source() { return source; }

	/** True for Meta's eight. */
	public boolean isMeta() { return source.equals(Meta.SOURCE); }

	public static MetaCheckpoint parse(String s) {
		for (MetaCheckpoint c : values()) if (c.name.equalsIgnoreCase(s) || c.name().equalsIgnoreCase(s)) return c;
		throw new IllegalArgumentException("unknown SAM2 checkpoint '" + s + "'");
	}

	/** The known checkpoint published under this file name (any case, with or without .pt/.pth), if any. */
	public static Optional<MetaCheckpoint> byFileName(String fileName) {
		String n = fileName.replaceFirst("(?i)\\.(pt|pth)$", "").toLowerCase(Locale.ROOT);
		for (MetaCheckpoint c : values()) if (c.name.toLowerCase(Locale.ROOT).equals(n)) return Optional.of(c);
		return Optional.empty();
	}

	private static final class Meta {
		static final String URL = "https://dl.fbaipublicfiles.com/segment_anything_2/";
		static final String SOURCE = "Meta (github.com/facebookresearch/sam2)";
	}

	private static final class MedSam2 {
		static final String URL = "https://huggingface.co/wanglab/MedSAM2/resolve/main/";
		static final String SOURCE = "bowang-lab MedSAM2 (huggingface.co/wanglab/MedSAM2)";
	}
}
