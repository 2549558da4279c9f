using ModelGen.IO;

namespace ModelGen.Data;

/// <summary>Turns the four IDX files of an MNIST-format dataset into datasets.</summary>
internal static class MnistLoader
{
    public const int ImageSide = 28;
    public const int ClassCount = 10;

    public static (Dataset Train, Dataset Test) Read(string directory, bool flatten, IProgress<DataProgress>? progress)
    {
        var train = ReadPair(directory, MnistFiles.TrainImages, MnistFiles.TrainLabels, flatten, progress);
        var test = ReadPair(directory, MnistFiles.TestImages, MnistFiles.TestLabels, flatten, progress);
        return (train, test);
    }

    private static Dataset ReadPair(string directory, string imagesName, string labelsName, bool flatten, IProgress<DataProgress>? progress)
    {
        IdxFile images = ReadFile(directory, imagesName, progress);
        IdxFile labels = ReadFile(directory, labelsName, progress);

        int[] d = images.Dimensions;
        if (d.Length != 3 || d[1] != ImageSide || d[2] != ImageSide)
            throw new InvalidDataFileException(images.Path, $"expected images of {ImageSide}x{ImageSide} (dimensions N x {ImageSide} x {ImageSide}), found dimensions {string.Join(" x ", d)}.");
        if (labels.Dimensions.Length != 1)
            throw new InvalidDataFileException(labels.Path, $"expected one dimension (the label count), found {string.Join(" x ", labels.Dimensions)}.");
        if (labels.Dimensions[0] != d[0])
            throw new InvalidDataFileException(labels.Path, $"holds {labels.Dimensions[0]} labels but {images.Path} holds {d[0]} images; the counts must match.");

        var labelValues = new int[labels.Data.Length];
        for (int i = 0; i < labelValues.Length; i++)
        {
            byte label = labels.Data[i];
            if (label >= ClassCount)
                throw new InvalidDataFileException(labels.Path, $"label {i} is {label}; labels must be 0 to {ClassCount - 1}.");
            labelValues[i] = label;
        }

        // Divided, not multiplied by 1/255: byte / 255f is what the book's NumPy code computes
        // (float32 array / 255.0 stays float32), so inputs match it bit for bit.
        byte[] pixels = images.Data;
        var inputs = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
            inputs[i] = pixels[i] / 255f;

        int[] shape = flatten ? [ImageSide * ImageSide] : [1, ImageSide, ImageSide];
        return new Dataset(inputs, labelValues, shape);
    }

    private static IdxFile ReadFile(string directory, string name, IProgress<DataProgress>? progress)
    {
        string path = MnistFiles.Find(directory, name)
            ?? throw new FileNotFoundException($"{Path.Combine(directory, name)}: not found (nor as .gz).", Path.Combine(directory, name));
        long length = new FileInfo(path).Length;
        progress?.Report(new DataProgress("read", path, 0, length));
        IdxFile file = IdxReader.Read(path);
        progress?.Report(new DataProgress("read", path, length, length));
        return file;
    }
}
