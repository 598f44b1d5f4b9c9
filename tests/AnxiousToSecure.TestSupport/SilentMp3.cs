namespace AnxiousToSecure.TestSupport;

/// <summary>
/// A valid MP3 of silence, made in the test rather than committed: MPEG-1 Layer III frames at 128 kbit/s,
/// 44.1 kHz, mono, each 417 bytes with all-zero side information and main data (nothing to decode but
/// silence). A frame holds 1152 samples, so a second is about 38 frames (16 KB).
/// </summary>
public static class SilentMp3
{
    private const int FrameBytes = 417; // 144 * 128000 / 44100, no padding
    private const double FrameSeconds = 1152 / 44100.0;

    public static byte[] Of(double seconds)
    {
        var frames = (int)Math.Ceiling(seconds / FrameSeconds);
        var bytes = new byte[frames * FrameBytes];
        for (var i = 0; i < frames; i++)
        {
            // Sync, MPEG-1, Layer III, no CRC; 128 kbit/s, 44.1 kHz, no padding; mono, original.
            bytes[i * FrameBytes] = 0xFF;
            bytes[i * FrameBytes + 1] = 0xFB;
            bytes[i * FrameBytes + 2] = 0x90;
            bytes[i * FrameBytes + 3] = 0xC4;
        }
        return bytes;
    }
}
