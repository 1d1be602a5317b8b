using DiyNet.Modules;

namespace DiyNet.Serialization;

/// <summary>
/// <c>net.Save(path)</c>, <c>net.LoadWeights(path)</c>, <c>Module.Load(path)</c>, <c>net.SaveForPyTorch(path)</c> and <c>net.ExportOnnx(path, exampleShape)</c> on every
/// module, over <see cref="ModelFile"/> and its siblings.
/// </summary>
public static class ModelFileExtensions
{
    extension(Module net)
    {
        /// <summary>Saves the network (architecture and state) to a safetensors file, atomically.</summary>
        public void Save(string path) => ModelFile.Save(net, path);

        /// <summary>Saves the network in PyTorch's names and layouts (with the architecture), atomically.</summary>
        public void SaveForPyTorch(string path) => ModelFile.SaveForPyTorch(net, path);

        /// <summary>Loads the tensors of a model file into this network (same names and shapes; nothing is written
        /// unless everything fits).</summary>
        public void LoadWeights(string path) => ModelFile.LoadWeights(net, path);

        /// <summary>Exports the network as an ONNX model (evaluation mode, dynamic batch axis), atomically; see
        /// <see cref="OnnxExport"/>.</summary>
        /// <param name="path">The .onnx file to write.</param>
        /// <param name="exampleShape">The shape of one input example, without the batch axis (<c>64</c>, or
        /// <c>16, 16, 1</c> for channels-last images).</param>
        public void ExportOnnx(string path, params int[] exampleShape) => OnnxExport.Save(net, path, exampleShape);
    }

    extension(Module)
    {
        /// <summary>Rebuilds the network saved in <paramref name="path"/> (no user code needed).</summary>
        public static Module Load(string path) => ModelFile.Load(path);
    }
}
