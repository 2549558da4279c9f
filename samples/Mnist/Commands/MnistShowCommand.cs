using System.CommandLine;
using ModelGen.Samples.Mnist.Book;
using Spectre.Console;
using SkiaSharp;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 3.6.1, ch03/mnist_show.py: the first training image and its label (figure 3-25).
/// The book loads it flattened and unnormalised, prints the label (5) and the shape before and
/// after reshape((28, 28)), and shows it with PIL: white strokes on black, byte values as they are.
/// </summary>
internal static class MnistShowCommand
{
    private const int Side = 28;

    public static Command Create()
    {
        var index = new Option<int>("--index") { Description = "Which training image (the book shows the first, 0).", DefaultValueFactory = _ => 0 };
        var scale = new Option<int>("--scale") { Description = "Screen pixels per image pixel in the PNG.", DefaultValueFactory = _ => 10 };
        var data = CommonOptions.Data();
        var outFolder = Figures.Out();
        var json = CommonOptions.Json();
        var command = new Command("mnist-show", "Chapter 3.6.1, figure 3-25: the first MNIST training image as a PNG, its label (5) and its shape before and after reshape.")
        {
            index, scale, data, outFolder, json,
        };
        command.SetAction(result => SampleConsole.Run(() => Run(
            result.GetValue(index), result.GetValue(scale), result.GetValue(data), result.GetValue(outFolder)!, result.GetValue(json))));
        return command;
    }

    private static int Run(int index, int scale, string? dataDirectory, string folder, bool json)
    {
        if (scale < 1 || scale > 64) throw new ArgumentException($"--scale must be between 1 and 64, not {scale}.");
        var console = new SampleConsole(json);
        var mnist = console.LoadMnist(dataDirectory, flatten: true);
        if (index < 0 || index >= mnist.Train.Count) throw new ArgumentException($"--index must be between 0 and {mnist.Train.Count - 1}, not {index}.");

        // The loader normalises to [0, 1] (k/255 exactly in float); the book asks for normalize=False: bytes.
        byte[] image = mnist.Train.InputSpan(index, 1).ToArray().Select(v => (byte)Math.Round(v * 255)).ToArray();
        int label = mnist.Train.Labels[index];
        console.Out.WriteLine($"{label}  # label (the book: 5)");
        console.Out.WriteLine($"{NumPy.Shape(mnist.Train.SampleShape.ToArray())}  # img.shape (the book: (784,))");
        int[] reshaped = [Side, image.Length / Side];
        console.Out.WriteLine($"{NumPy.Shape(reshaped)}  # img.reshape(28, 28).shape (the book: (28, 28))");

        string path = Figures.PathFor(folder, index == 0 ? "fig3-25-mnist-show.png" : $"fig3-25-mnist-show-{index}.png");
        Write(image, scale, path);
        console.Out.WriteLine($"figure: {path}");
        if (json) SampleConsole.WriteJsonLine(new { Index = index, Label = label, Shape = mnist.Train.SampleShape, Reshaped = reshaped, Figure = path });
        return 0;
    }

    /// <summary>The 28x28 bytes as a gray PNG, each pixel a scale x scale square (PIL shows 0 as black, 255 as white).</summary>
    private static void Write(byte[] image, int scale, string path)
    {
        using var bitmap = new SKBitmap(Side * scale, Side * scale);
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                byte level = image[y / scale * Side + x / scale];
                bitmap.SetPixel(x, y, new SKColor(level, level, level));
            }
        }
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        encoded.SaveTo(file);
    }
}
