#@ Img image
#@ Img labels
#@ String (label = "Model", value = "phantom") model
#@ Integer (label = "k", value = 3) k
#@output Img segmentation

// RevSAM2 on ImgLib2 images, for Fiji's script editor (Groovy). `image` is the volume (x, y, slices),
// `labels` a label image of the same size with a few labelled slices; `model` an installed model
// name or folder, or "phantom" for the bundled phantom model (trained only on synthetic phantoms, to show
// the plugin working; install SAM2 or MedSAM2 for real images).
import sc.fiji.revsam2.algorithm.MultiClassSegmenter
import sc.fiji.revsam2.algorithm.RevSam2Options
import sc.fiji.revsam2.io.ImgLib2Volumes
import sc.fiji.revsam2.request.SupportClasses
import sc.fiji.revsam2.sam2.ComputeDevice
import sc.fiji.revsam2.sam2.InstalledModels
import sc.fiji.revsam2.sam2.PhantomModel
import sc.fiji.revsam2.sam2.Sam2Engines
import sc.fiji.revsam2.task.TaskMonitor

query = ImgLib2Volumes.toVolume(image)
supports = new SupportClasses()
supports.add(query, ImgLib2Volumes.toLabelVolume(labels, query.spacing()), null)
classes = supports.classes([:], "names", { println it })
folder = model == "phantom" ? PhantomModel.folder() : InstalledModels.resolve(InstalledModels.root(), model)
sam2 = Sam2Engines.tensorFlow().load(folder, ComputeDevice.CPU)
try {
	result = new MultiClassSegmenter(sam2, new RevSam2Options().k(k)).segment(query, classes, TaskMonitor.NONE)
} finally {
	sam2.close()
}
segmentation = ImgLib2Volumes.toImg(result.labels())
