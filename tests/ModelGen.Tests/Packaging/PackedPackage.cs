using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Packaging;

/// <summary>
/// The ModelGen package, packed once for the tests of this folder with `dotnet pack` over the
/// whole solution into a fresh folder, as a maintainer would before publishing. The test
/// project references the runtime and the generator, so both are built, in the test's
/// configuration, before the tests run: the pack does not build again (--no-build).
/// </summary>
public sealed class PackedPackage : IDisposable
{
    public static readonly string Configuration = typeof(PackedPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "ModelGen.Tests.Configuration")?.Value ?? "Release";

    public PackedPackage()
    {
        Root = Directory.CreateTempSubdirectory("modelgen-package-").FullName;
        Feed = Path.Combine(Root, "feed");
        Version = XDocument.Load(RepositoryRoot.File("Directory.Build.props")).Descendants("Version").Single().Value;
        PackOutput = DotnetCommand.Succeed(RepositoryRoot.Path, TimeSpan.FromMinutes(5),
            "pack", "ModelGen.sln", "-c", Configuration, "--no-build", "-o", Feed).Output;
        NupkgPath = Path.Combine(Feed, $"ModelGen.{Version}.nupkg");
    }

    /// <summary>A temporary folder for everything the tests write: the feed, consumers, packages.</summary>
    public string Root { get; }

    /// <summary>The folder `dotnet pack` wrote to: a local package source.</summary>
    public string Feed { get; }

    /// <summary>Directory.Build.props' Version, which the package must carry.</summary>
    public string Version { get; }

    public string NupkgPath { get; }

    public string PackOutput { get; }

    /// <summary>The package's entries, sorted, without the OPC bookkeeping every package has.</summary>
    public string[] Entries()
    {
        using var zip = ZipFile.OpenRead(NupkgPath);
        return [.. zip.Entries.Select(e => e.FullName)
            .Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml")
            .Order(StringComparer.Ordinal)];
    }

    public XElement Nuspec()
    {
        using var zip = ZipFile.OpenRead(NupkgPath);
        using var stream = zip.GetEntry("ModelGen.nuspec")!.Open();
        return XDocument.Load(stream).Root!;
    }

    public byte[] Read(string entry)
    {
        using var zip = ZipFile.OpenRead(NupkgPath);
        using var stream = zip.GetEntry(entry)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
