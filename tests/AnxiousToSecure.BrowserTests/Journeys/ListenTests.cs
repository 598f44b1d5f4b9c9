using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>
/// "Listen" on a 390-pixel phone: reading aloud with a stubbed speech engine (headless Chromium has no
/// voices), the clear message when there is no voice, and a lesson's recording played at 1.5× and
/// picked up at the same place on another device.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ListenTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    /// <summary>
    /// A speech engine the test drives: it records what it was asked to say (and how fast), starts each
    /// utterance at once, and ends one only when the test calls <c>__speech.finish()</c>.
    /// </summary>
    private const string SpeechStub = """
        (() => {
          const state = window.__speech = { spoken: [], paused: false, current: null, cancels: 0 };
          const synth = {
            speaking: false, paused: false, pending: false,
            getVoices: () => [{ name: "Test voice", lang: "en-US", default: true, localService: true, voiceURI: "test" }],
            speak(u) { this.speaking = true; state.current = u; state.spoken.push({ text: u.text, rate: u.rate }); setTimeout(() => u.onstart && u.onstart({}), 0); },
            cancel() { const u = state.current; state.current = null; this.speaking = false; state.cancels++; if (u && u.onerror) u.onerror({ error: "interrupted" }); },
            pause() { this.paused = true; state.paused = true; },
            resume() { this.paused = false; state.paused = false; },
            addEventListener() { }, removeEventListener() { },
          };
          state.finish = () => { const u = state.current; state.current = null; synth.speaking = false; if (u && u.onend) u.onend({}); };
          Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
          window.SpeechSynthesisUtterance = function (text) { this.text = text; this.rate = 1; this.lang = ""; this.voice = null; };
        })();
        """;

    /// <summary>A browser with speech but no voice: every utterance fails, as Debian's headless Chromium does.</summary>
    private const string NoVoiceStub = """
        (() => {
          const synth = {
            speaking: false, paused: false, pending: false,
            getVoices: () => [],
            speak(u) { setTimeout(() => u.onerror && u.onerror({ error: "synthesis-failed" }), 0); },
            cancel() { }, pause() { }, resume() { },
            addEventListener() { }, removeEventListener() { },
          };
          Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
          window.SpeechSynthesisUtterance = function (text) { this.text = text; this.rate = 1; };
        })();
        """;

    private async Task<IPage> StudentOnPhoneAsync(string? initScript = null)
    {
        var email = $"listen{Guid.NewGuid():N}@example.com";
        await App.CreateStudentAsync(email, App.Clock.GetUtcNow().AddDays(-3));
        var page = await NewPageAsync(phone: true);
        if (initScript is not null) await page.AddInitScriptAsync(initScript);
        await SignInAsync(page, App.BaseUrl, email);
        return page;
    }

    private static Task<string> SpokenTextAsync(IPage page) =>
        page.EvaluateAsync<string>("() => window.__speech.spoken.at(-1).text");

    private static Task<string> HighlightedTextAsync(IPage page) =>
        page.EvaluateAsync<string>("() => document.querySelector('.listen-current')?.textContent.replace(/\\s+/g, ' ').trim() ?? ''");

    [Fact]
    public Task Reading_aloud_highlights_the_paragraph_being_read_and_pauses_resumes_and_changes_speed() => JourneyAsync(async () =>
    {
        var page = await StudentOnPhoneAsync(SpeechStub);
        await page.GotoAsync(Url("/learn/what-attachment-is"));
        var listen = page.Locator("section.listen");
        var read = listen.GetByRole(AriaRole.Button, new() { Name = "Read aloud", Exact = true });
        await AssertTappableAsync(read);
        await TapAsync(read);

        await Expect(listen.GetByRole(AriaRole.Status)).ToHaveTextAsync("Reading aloud.");
        await Expect(page.Locator(".listen-current")).ToHaveCountAsync(1);
        await Expect(page.Locator("h1.listen-current")).ToBeVisibleAsync();
        Assert.Equal(await HighlightedTextAsync(page), await SpokenTextAsync(page));

        // The engine finishes a block: the next one is read, highlighted and in view.
        await page.EvaluateAsync("() => window.__speech.finish()");
        await Expect(page.Locator("h1.listen-current")).ToHaveCountAsync(0);
        await Expect(page.Locator(".listen-current")).ToHaveCountAsync(1);
        Assert.Equal(await HighlightedTextAsync(page), await SpokenTextAsync(page));
        await page.EvaluateAsync("() => window.__speech.finish()");
        await page.EvaluateAsync("() => window.__speech.finish()");
        var third = await SpokenTextAsync(page);
        Assert.Equal(third, await HighlightedTextAsync(page));
        await Expect(page.Locator(".listen-current")).ToBeInViewportAsync();
        await AssertAccessibleAsync(page, "a lesson being read aloud");

        // A new speed reads the same block again at that speed.
        await listen.GetByLabel("Speed").SelectOptionAsync("1.5");
        Assert.Equal(1.5, await page.EvaluateAsync<double>("() => window.__speech.spoken.at(-1).rate"));
        Assert.Equal(third, await SpokenTextAsync(page));

        var pause = listen.GetByRole(AriaRole.Button, new() { Name = "Pause reading aloud" });
        await TapAsync(pause);
        await Expect(listen.GetByRole(AriaRole.Status)).ToHaveTextAsync("Paused.");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__speech.paused"));
        await Expect(page.Locator(".listen-current")).ToHaveCountAsync(1);

        await TapAsync(listen.GetByRole(AriaRole.Button, new() { Name = "Resume reading aloud" }));
        await Expect(listen.GetByRole(AriaRole.Status)).ToHaveTextAsync("Reading aloud.");
        Assert.False(await page.EvaluateAsync<bool>("() => window.__speech.paused"));

        // Operable from the keyboard: Space on the focused button pauses.
        await listen.GetByRole(AriaRole.Button, new() { Name = "Pause reading aloud" }).FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(listen.GetByRole(AriaRole.Status)).ToHaveTextAsync("Paused.");

        await TapAsync(listen.GetByRole(AriaRole.Button, new() { Name = "Stop" }));
        await Expect(listen.GetByRole(AriaRole.Status)).ToHaveTextAsync("Stopped.");
        await Expect(page.Locator(".listen-current")).ToHaveCountAsync(0);
        await Expect(listen.GetByRole(AriaRole.Button, new() { Name = "Read aloud", Exact = true })).ToBeVisibleAsync();
    });

    [Fact]
    public Task A_browser_with_no_voice_says_so_instead_of_a_dead_button() => JourneyAsync(async () =>
    {
        var page = await StudentOnPhoneAsync(NoVoiceStub);
        await page.GotoAsync(Url("/learn/what-attachment-is"));
        var listen = page.Locator("section.listen");
        await TapAsync(listen.GetByRole(AriaRole.Button, new() { Name = "Read aloud", Exact = true }));
        await Expect(listen.GetByRole(AriaRole.Status)).ToContainTextAsync("no voice to read aloud with");
        await Expect(listen.GetByRole(AriaRole.Button, new() { Name = "Read aloud", Exact = true })).ToBeHiddenAsync();
        await Expect(page.Locator(".listen-current")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page, "a lesson in a browser with no voice");
    });

    [Fact]
    public Task Headless_chromium_itself_has_no_voice_and_gets_the_same_message() => JourneyAsync(async () =>
    {
        var page = await StudentOnPhoneAsync();
        await page.GotoAsync(Url("/learn/what-attachment-is"));
        var listen = page.Locator("section.listen");
        await TapAsync(listen.GetByRole(AriaRole.Button, new() { Name = "Read aloud", Exact = true }));
        await Expect(listen.GetByRole(AriaRole.Status)).ToContainTextAsync("no voice to read aloud with");
    });

    [Fact]
    public Task A_recording_plays_at_one_and_a_half_times_and_picks_up_at_the_same_place_on_another_device() => JourneyAsync(async () =>
    {
        var lesson = await ScratchLesson.PublishAsync(App, releaseAfterDays: 0);
        using (var scope = App.Services.CreateScope())
        {
            var attachments = scope.ServiceProvider.GetRequiredService<LessonAttachments>();
            var actor = new AuditActor("i", "instructor@example.com");
            var mp3 = SilentMp3.Of(120);
            Assert.True((await attachments.UploadAsync(lesson.Id, "recording.mp3", new MemoryStream(mp3), mp3.Length, actor)).Ok);
            var id = (await attachments.ListAsync(lesson.Id)).Single().Id;
            Assert.True((await attachments.SetAudioAsync(lesson.Id, id, actor)).Ok);
        }
        var email = $"listener{Guid.NewGuid():N}@example.com";
        await App.CreateStudentAsync(email, App.Clock.GetUtcNow().AddDays(-3));

        var phone = await NewPageAsync(phone: true);
        await SignInAsync(phone, App.BaseUrl, email);
        await phone.GotoAsync(Url($"/learn/{lesson.Slug}"));
        var listen = phone.Locator("section.listen");
        var audio = listen.Locator("audio");
        await Expect(listen.GetByRole(AriaRole.Group, new() { Name = "Playback" })).ToBeVisibleAsync();
        await phone.WaitForFunctionAsync("() => document.querySelector('section.listen audio').readyState >= 1");
        Assert.Equal(120, await audio.EvaluateAsync<double>("a => Math.round(a.duration)"), 3);
        await AssertAccessibleAsync(phone, "a lesson with its recording");

        await listen.GetByLabel("Speed").SelectOptionAsync("1.5");
        Assert.Equal(1.5, await audio.EvaluateAsync<double>("a => a.playbackRate"));
        await TapAsync(listen.GetByRole(AriaRole.Button, new() { Name = "Forward 15 seconds" }));
        await TapAsync(listen.GetByRole(AriaRole.Button, new() { Name = "Forward 15 seconds" }));
        await TapAsync(listen.GetByRole(AriaRole.Button, new() { Name = "Back 15 seconds" }));
        await TapAsync(listen.GetByRole(AriaRole.Button, new() { Name = "Forward 15 seconds" }));
        Assert.InRange(await audio.EvaluateAsync<double>("a => a.currentTime"), 29.5, 30.5);

        await TapAsync(listen.GetByRole(AriaRole.Button, new() { Name = "Play the recording" }));
        await Expect(listen.GetByRole(AriaRole.Status)).ToContainTextAsync("at 1.5×");
        await phone.WaitForFunctionAsync("() => document.querySelector('section.listen audio').currentTime >= 31.5");
        Assert.Equal(1.5, await audio.EvaluateAsync<double>("a => a.playbackRate"));
        // The lock screen's controls know the lesson.
        Assert.Equal(lesson.Slug.Length > 0 ? await phone.Locator("h1").TextContentAsync() : "", await phone.EvaluateAsync<string>("() => navigator.mediaSession.metadata?.title"));

        var saved = phone.WaitForResponseAsync(r => r.Url.EndsWith($"/learn/{lesson.Slug}/listening", StringComparison.Ordinal) && r.Request.Method == "POST");
        await TapAsync(listen.GetByRole(AriaRole.Button, new() { Name = "Pause the recording" }));
        Assert.Equal(204, (await saved).Status);
        var stoppedAt = (int)Math.Floor(await audio.EvaluateAsync<double>("a => a.currentTime"));
        await Expect(listen.GetByRole(AriaRole.Status)).ToContainTextAsync("Paused at 0:");
        Assert.InRange(stoppedAt, 31, 60);

        // Her other device picks up where she stopped.
        var laptop = await NewPageAsync();
        await SignInAsync(laptop, App.BaseUrl, email);
        await laptop.GotoAsync(Url($"/learn/{lesson.Slug}"));
        await Expect(laptop.Locator("section.listen").GetByRole(AriaRole.Status)).ToContainTextAsync($"You stopped at 0:{stoppedAt:D2}");
        await laptop.WaitForFunctionAsync($"() => Math.floor(document.querySelector('section.listen audio').currentTime) === {stoppedAt}");
    });
}
