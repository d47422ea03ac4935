// RevSAM2: segment every volume of a folder (NIfTI or TIFF), each with supports from its own label
// file (same file name in a labels folder) or all from one atlas (an image and its label image).
// Interactive: run it and answer the dialog. Headless (Fiji or plain ImageJ 1.x):
//
//   ImageJ-linux64 --headless --console -macro batch-folder.ijm \
//     "volumes=[/data/ct] labels=[/data/seeds] out=[/data/results] model=sam2.1_hiera_tiny window=abdomen"
//   ImageJ-linux64 --headless --console -macro batch-folder.ijm \
//     "volumes=[/data/ct] atlas=[/data/atlas/ct.nii.gz] atlaslabels=[/data/atlas/organs.nii.gz] out=[/data/results]"
//
// Writes <out>/<name>_revsam2.nii.gz (.tif for TIFF input) and <out>/<name>_revsam2-scores.csv per
// volume; a volume that fails is reported and skipped.

volumes = arg("volumes", "");
labels = arg("labels", "");
atlas = arg("atlas", "");
atlasLabels = arg("atlaslabels", "");
out = arg("out", "");
model = arg("model", "sam2.1_hiera_tiny");
k = arg("k", "10");
window = arg("window", "min-max");
method = arg("method", "revsam2");
device = arg("device", "cpu");
names = arg("names", "");

if (volumes == "") {
	Dialog.create("RevSAM2 batch");
	Dialog.addDirectory("Volumes folder", "");
	Dialog.addDirectory("Label images folder (same file names; empty: atlas)", "");
	Dialog.addFile("Atlas image (if no labels folder)", "");
	Dialog.addFile("Atlas label image", "");
	Dialog.addDirectory("Output folder", "");
	Dialog.addString("Model", model, 24);
	Dialog.addNumber("k", 10);
	Dialog.addString("Intensity window", window);
	Dialog.addString("Class names (1=liver, 2=spleen)", names, 24);
	Dialog.show();
	volumes = Dialog.getString();
	labels = Dialog.getString();
	atlas = Dialog.getString();
	atlasLabels = Dialog.getString();
	out = Dialog.getString();
	model = Dialog.getString();
	k = "" + Dialog.getNumber();
	window = Dialog.getString();
	names = Dialog.getString();
}
if (volumes == "" || out == "" || (labels == "" && (atlas == "" || atlasLabels == "")))
	exit("usage: volumes=[folder] (labels=[folder] | atlas=[file] atlaslabels=[file]) out=[folder] [model=... k=... window=... method=... device=... names=...]");
File.makeDirectory(out);

setBatchMode(true);
files = getFileList(volumes);
done = 0;
failed = 0;
for (i = 0; i < files.length; i++) {
	f = files[i];
	lower = toLowerCase(f);
	if (startsWith(f, ".") || !(endsWith(lower, ".nii") || endsWith(lower, ".nii.gz") || endsWith(lower, ".tif") || endsWith(lower, ".tiff"))) continue;
	volume = volumes + File.separator + f;
	if (labels != "") {
		support = labels + File.separator + f;
		if (!File.exists(support)) {
			print("RevSAM2: skipping " + f + ": no label file " + support);
			failed++;
			continue;
		}
	}
	query = openVolume(volume);
	if (labels != "") {
		openVolume(support);
		rename("revsam2-support-labels");
		supports = "supports=[label image] labels=revsam2-support-labels";
	} else {
		openVolume(atlas);
		rename("revsam2-atlas");
		openVolume(atlasLabels);
		rename("revsam2-atlas-labels");
		supports = "supports=[other image + labels] atlas=revsam2-atlas atlaslabels=revsam2-atlas-labels";
	}
	selectImage(query);
	name = baseName(f);
	ext = ".tif";
	if (endsWith(lower, ".nii") || endsWith(lower, ".nii.gz")) ext = ".nii.gz";
	result = out + File.separator + name + "_revsam2" + ext;
	run("RevSAM2 Segment (IJ1)", supports + " names=[" + names + "] model=[" + model + "] k=" + k + " window=[" + window + "] method=" + method
		+ " device=" + device + " output=[" + result + "] output_scores=[" + out + File.separator + name + "_revsam2-scores.csv]");
	close("*");
	if (File.exists(result)) {
		print("RevSAM2: " + f + " -> " + result);
		done++;
	} else {
		print("RevSAM2: " + f + " failed (see above)");
		failed++;
	}
}
print("RevSAM2 batch: " + done + " segmented, " + failed + " failed or skipped");

function openVolume(path) {
	lower = toLowerCase(path);
	if (endsWith(lower, ".nii") || endsWith(lower, ".nii.gz")) run("RevSAM2 Open NIfTI (IJ1)", "open=[" + path + "]");
	else open(path);
	return getImageID();
}

function baseName(n) {
	lower = toLowerCase(n);
	if (endsWith(lower, ".nii.gz")) return substring(n, 0, lengthOf(n) - 7);
	i = lastIndexOf(n, ".");
	if (i > 0) return substring(n, 0, i);
	return n;
}

function arg(key, def) {
	a = " " + getArgument() + " ";
	i = indexOf(a, " " + key + "=");
	if (i < 0) return def;
	v = substring(a, i + lengthOf(key) + 2);
	if (startsWith(v, "[")) return substring(v, 1, indexOf(v, "]"));
	return substring(v, 0, indexOf(v, " "));
}
