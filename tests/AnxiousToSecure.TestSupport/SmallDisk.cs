using System.Diagnostics;

namespace AnxiousToSecure.TestSupport;

/// <summary>
/// A real, tiny file system (tmpfs of a fixed size) mounted on a fresh folder, that a test can fill up or
/// remount read-only, so that the app meets a genuine "no space left on device" or "read-only file
/// system" from the kernel, not a simulation. Mounting needs root (as scripts/test runs here); unmounted and removed when disposed.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static bool CanMount => Environment.UserName == "root" && File.Exists("/bin/mount");

    public static SmallDisk Mount(long bytes)
    {
        if (!CanMount) throw new InvalidOperationException("A small disk needs root to mount a tmpfs (run the Faults tests as root, as CI does).");
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ats-disk-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={bytes},mode=0777", "tmpfs", path);
        return new SmallDisk(path);
    }

    /// <summary>Fills the disk with one file until fewer than <paramref name="leaveBytes"/> are free (tmpfs counts whole pages).</summary>
    public void Fill(long leaveBytes = 0)
    {
        // Opened (and emptied, if an earlier call made it) before the free space is measured.
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Create, FileAccess.Write);
        var free = new DriveInfo(Path).AvailableFreeSpace;
        var block = new byte[4096];
        try
        {
            for (long written = 0; written + block.Length <= free - leaveBytes; written += block.Length) filler.Write(block);
            filler.Flush();
        }
        catch (IOException)
        {
            // Full already: that is what was wanted.
        }
    }

    public void MakeReadOnly() => Run("mount", "-o", "remount,ro", Path);

    /// <summary>Everything on the disk except the filler, relative to it.</summary>
    public IReadOnlyList<string> Files() =>
        [.. Directory.EnumerateFileSystemEntries(Path, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Path, f)).Where(f => f != "filler").Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path);
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: {error}");
    }
}
