import Hummingbird

/// Assembles the routes: Twilio API routes (v2010 and Intelligence v2, on one port: their paths do not collide)
/// behind counting → fault injection → authentication, control routes bare, and Twilio's 404 body for anything else.
enum EmulatorRouter {
    static func build(configuration: EmulatorConfiguration, store: EmulatorStore, stats: RequestStats,
                      faults: FaultInjector) -> Router<EmulatorRequestContext> {
        let router = Router(context: EmulatorRequestContext.self)
        router.add(middleware: TwilioNotFoundMiddleware())
        let signer = MediaURLSigner()
        ControlRoutes(store: store, stats: stats, faults: faults).register(on: router)
        MediaDownloadRoutes(store: store.intelligence, signer: signer).register(on: router)
        let auth = TwilioBasicAuthMiddleware(accountSid: configuration.accountSid, authToken: configuration.authToken,
                                             apiKeys: configuration.apiKeys)
        let api = router.group()
            .add(middleware: RequestCountingMiddleware(stats: stats))
            .add(middleware: FaultInjectionMiddleware(injector: faults))
            .add(middleware: auth)
        TranscriptionRoutes(store: store).register(on: api)
        RecordingRoutes(store: store).register(on: api)
        // The same counter and fault sequence as v2010; only the account check differs (none in the path).
        var v2Auth = auth
        v2Auth.accountInPath = false
        let v2 = router.group()
            .add(middleware: RequestCountingMiddleware(stats: stats))
            .add(middleware: FaultInjectionMiddleware(injector: faults))
            .add(middleware: v2Auth)
        IntelligenceServiceRoutes(store: store.intelligence).register(on: v2)
        IntelligenceTranscriptRoutes(store: store.intelligence).register(on: v2)
        IntelligenceSentenceRoutes(store: store.intelligence).register(on: v2)
        IntelligenceOperatorResultRoutes(store: store.intelligence).register(on: v2)
        IntelligenceMediaRoutes(store: store.intelligence, signer: signer).register(on: v2)
        return router
    }
}
