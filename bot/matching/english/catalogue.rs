//! The catalogue in English: pattern rules over the canonical token string
//! (same shorthands as the Dutch catalogue: `~N` gap, `<S>` clause start,
//! `<Q>` question start, `{NAME}` word class), the question types and prices.

use super::super::anchored::Pattern;

use super::super::catalogue::{
    Def, Grammar, Hit, Neg, canon_at, clauses, compile, d, dn, dv, for_each_sentence, hit,
};
use super::super::text::Analysis;

const CLASSES: &[(&str, &str)] = &[
    (
        "ACT",
        "arrange|sort|sort out|fix|solve|resolve|check|look|look into|investigate|find out|send|resend|ship|email|mail|call|ring|phone|contact|refund|reimburse|credit|compensate|replace|exchange|swap|repair|deliver|bring|collect|pick up|book|schedule|reschedule|rebook|plan|reserve|order|reorder|process|handle|take care|follow up|chase|update|keep you|let you know|get back|come|come by|come over|visit|install|adjust|change|correct|cancel|return|give you|help|make sure|ensure|confirm|forward|track|trace|expedite|prioriti[sz]e|waive|upgrade|organi[sz]e|get (?:you|it|them|a new|the)|have (?:it|a new|them|someone)|put (?:a|it|the)|transfer (?:the|your) (?:money|amount)|pay (?:back|for|you)|offer you (?:a |an )?(?:refund|discount|voucher|credit|replacement|compensation|new)|provide|set up|drop (?:it|them|by|off)|see (?:what|if|whether)|take (?:it|them|back|a look)|have a look|personally|do (?:it|that|this)",
    ),
    ("YOU", "(?:you|your|yourself|yourselves)"),
    ("WE", "(?:i|we)"),
    ("POSS", "(?:your)"),
    (
        "COLL",
        "(?:\\w*colleague\\w*|manager|\\w+manager|supervisor|team ?leader|team lead|boss|specialist\\w*|expert\\w*|technician\\w*|engineer\\w*|mechanic\\w*|department|\\w+ department|customer service|customer support|support team|service team|technical team|service desk|help ?desk|back office|sales team|director|head of \\w+|account manager|planner|planning team|logistics|warehouse|workshop|repair shop|quality team|finance team)",
    ),
    (
        "COLLX",
        "(?:\\w*colleague\\w*|manager|\\w+manager|supervisor|team ?leader|team lead|boss|specialist\\w*|expert\\w*|\\w+ department|customer service|customer support|support team|service team|technical team|service desk|help ?desk|back office|sales team|director|head of \\w+|account manager|planning team|quality team|finance team)",
    ),
    (
        "DAY",
        "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|wed|thurs|fri)(?: morning| afternoon| evening)?",
    ),
    (
        "MONTH",
        "(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)",
    ),
    (
        "NUMW",
        "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half past \\w+|quarter (?:past|to) \\w+)",
    ),
    (
        "DATA",
        "(?:(?:home |delivery |billing |postal |shipping |email |e-mail |mail |street |invoice )?address|postcode|post code|postal code|zip ?code|house number|(?:phone|telephone|mobile|cell|contact|order|customer|account|reference|invoice|tracking|booking|membership|policy|client|vat|ticket|case|registration|parcel|shipment) (?:number|no|id|code)|(?:your|ur) (?:phone|mobile|cell)|iban|bank account|date of birth|birth ?date|birthday|bsn|social security number|(?:your|ur) (?:details|number|email|e-mail)|booking reference|reference number|(?:email|e-mail) address|(?:contact|personal|bank|account|address|payment|shipping|delivery|billing) (?:details|data|information|info)|tracking code|licen[cs]e plate)",
    ),
];

/// When: a concrete moment (not "soon" or "as soon as possible").
const TIME: &str = "(?:tomorrow\\w*|today|tonight|this (?:morning|afternoon|evening|week|month|weekend|{DAY})|(?:next|coming|this) (?:week|month|weekend|{DAY})|later today|(?:by |at |before )?(?:the )?end of (?:the |this |next )?(?:day|week|month|afternoon|morning)|{DAY}|\\d{1,2}(?:st|nd|rd|th)? (?:of )?{MONTH}|{MONTH} \\d{1,2}(?:st|nd|rd|th)?|the \\d{1,2}(?:st|nd|rd|th)|\\d{1,2}[-/]\\d{1,2}|\\d{1,2}(?:[:.]\\d\\d)? ?(?:am|pm|oclock|hours|h)|\\d{1,2}(?:[:.]\\d\\d)?(?:am|pm)|\\d{1,2}[:.]\\d\\d|{NUMW} (?:oclock|am|pm)|at (?:[1-9]|1\\d|2[0-4]|noon|midday|{NUMW})|(?:in|before|by) (?:\\d+|one|two|three|four|five|24|48|a|an) (?:working |business )?(?:days?|hours?|weeks?|minutes?|mins?)|within (?:\\d|one|two|three|a|an|the) (?:hours?|minutes?)|no_later (?:than )?\\S+|not_later (?:than )?\\S+|(?:before|over|during|after) the weekend|week \\d+)";

/// The catalogue in English. Names are short descriptions shown as the rule that fired.
const DEFS: &[Def] = &[
    // groet
    dv(
        "groet",
        "greeting word",
        Neg::Never,
        "good (?:morning|afternoon|evening|day)|goodmorning|goodafternoon|goodevening|hello|hallo|hi|hey|heya|hiya|greetings|welcome",
        "^(?:welcome to (?:contact|call|email|reach|ask)|good day (?:further|ahead)) || (?:are|be|is|always|very|more than|warm|the|a|your) welcome|have a (?:good|nice|great|lovely) day|(?:said|say|says|saying|send|sends|sent) (?:\\S+ )?(?:hello|hi|hey)",
    ),
    dn(
        "groet",
        "morning/dear first",
        "^(?:morning|afternoon|evening|dear)\\b",
    ),
    // stelt-zich-voor
    dv(
        "stelt-zich-voor",
        "my name is",
        Neg::Before(2),
        "my name is|my name \\S+ \\S+ (?:is|from)|i am called|introduce myself|introducing myself",
        "^my name is (?:on|in|at|not|wrong|spelled|misspelled|written|still|also)\\b",
    ),
    dn(
        "stelt-zich-voor",
        "you are speaking with",
        "{YOU} are (?:now )?(?:speaking|talking) (?:with|to)",
    ),
    dv(
        "stelt-zich-voor",
        "i am ... from",
        Neg::Before(1),
        "i am (?:\\S+ ){0,3}?(?:from|with|at|representing|calling from|here from|calling on behalf of|on behalf of) \\S+|i am \\S+(?: \\S+)? (?:,|\\.|!|_emoji_|and|the \\w+|your \\w+|account manager|\\w*manager|intern|trainee|sales \\w+)|i am \\S+$|i am (?:the |your )?(?:new )?(?:account manager|sales representative|sales rep|representative|contact person|intern|trainee)",
        "^i am (?:not|sorry|so|very|really|happy|glad|afraid|here|calling (?:about|because|to|regarding|for|with)|available|back|in|at (?:the|your|our|a)|sure|going|able|unable|looking|writing|checking|still|just|also|the (?:one|manager|boss|owner|person)|working|free|out|off|on|away|responsible|aware|confident|concerned|interested|pleased|delighted|with you|from (?:the|a|an)\\b|a (?:bit|little|big|huge)|ok|fine|good|well|new|busy|ready|curious|wondering|trying|only|always|never|now|currently|hoping|calling you|thrilled|excited|convinced|certain|totally|completely|a|an|called (?:about|because)|more|quite|bit|late|right|wrong|done|finished|almost|nearly|pretty|too|all|both|that|this|it|what|who)\\b",
    ),
    dv(
        "stelt-zich-voor",
        "calling from",
        Neg::Never,
        "(?:i|we) (?:am |are )?(?:calling|call|ringing|work|working|writing|phoning) (?:you )?(?:from|on behalf of|for|at) \\S+|i work (?:in|for|at|with) (?:the )?(?:\\S+ ){0,2}(?:team|department) (?:of|at) \\S+",
        "^\\S+ (?:am |are )?\\S+ (?:you )?(?:from|on behalf of|for|at) (?:a|an|the|your|you|about|because|to|regarding|my|our|this|that|home|work|least|once|now|\\d\\S*)\\b",
    ),
    dv(
        "stelt-zich-voor",
        "this is ... from",
        Neg::Never,
        "<S>(?:hi |hello |hey |good (?:morning|afternoon|evening) )?(?:this is|it is|its|here is) \\S+(?: \\S+)? (?:from|of|at|with|calling|speaking|here)\\b",
        "^(?:[.,!?;:] )?(?:hi |hello |hey |good (?:morning|afternoon|evening) )?(?:this is|it is|its|here is) (?:a|an|the|not|very|so|really|our|my|your|what|why|how|because|that|it|all|about|just|only|exactly|possible|true|important|good|great|no|also|still|now|too|going|something|nothing|everything|one|part|included|free|based|available|made|perfect|ideal|ok|fine|open|closed|ready|done|me|us|time|late|early|better|cheaper|more|less|\\d\\S*)\\b",
    ),
    dv(
        "stelt-zich-voor",
        "name here",
        Neg::Never,
        "<S>(?:hi |hello |hey |good (?:morning|afternoon|evening) )?(?:[a-z]\\S* ){1,3}(?:from \\S+ )?(?:here|speaking)(?: [,.!?]| from| again|$| _emoji_)|^(?:hi |hello |hey |good \\w+ )?(?:[a-z]+ ){1,2}from [a-z]\\S* (?:here|again|speaking|,)",
        "^(?:[.,!?;:] )?(?:hi |hello |hey |good (?:morning|afternoon|evening) )?(?:i|we|you|it|they|he|she|is|are|am|was|be|come|over|right|still|not|everyone|nobody|someone|and|the|from|click|start|live|sign|stay|just|also|all|thanks|thank|ok|yes|no_|please|generally|honestly|frankly|strictly|technically|broadly|who|what|nice|good|great|glad|help|anyone|somebody|sorry|greetings|delivery|your|our|my)\\b",
    ),
    dn(
        "stelt-zich-voor",
        "we are ... and we sell",
        "<S>we are \\S+(?: \\S+)? (?:,|and) (?:we )?(?:sell|make|offer|supply|deliver|provide|rent|are|help|produce|design)|i (?:work|am) (?:as )?(?:an? |the )?(?:account manager|sales \\w+|intern|trainee) (?:at|for|with) \\S+",
    ),
    // doorvragen
    dn(
        "doorvragen",
        "what do you mean",
        "(?:what|how) (?:exactly )?(?:do|did) {YOU} mean|what {YOU} mean (?:by|with)|mean by (?:that|this) \\?|what exactly (?:happened|happens|went wrong|is the problem|do you mean)|what (?:happened|happens) (?:exactly|then)",
    ),
    dn(
        "doorvragen",
        "could you explain",
        "(?:could|can|would|will) {YOU}~4 (?:explain|elaborate|clarify|specify|expand on|be (?:a bit |a little )?more specific|go into (?:more |a bit more )?detail|describe (?:that|it|this|what|how|why))",
    ),
    dn(
        "doorvragen",
        "tell me more",
        "(?:could|can|would|will) {YOU}~4 (?:tell|say) (?:me |us )?(?:a (?:bit|little) |some )?more|tell (?:me|us) (?:a (?:bit|little) |some )?more|(?:a (?:bit|little) )?more (?:detail|details|information|info) (?:about|on)|more about (?:that|this|it)\\b",
    ),
    dn(
        "doorvragen",
        "an example",
        "give (?:me |us )?(?:an|some|a few|a concrete) examples?|(?:an|any) examples? (?:of|\\?)|for example \\?|such as \\?",
    ),
    dv(
        "doorvragen",
        "why is that important",
        Neg::Never,
        "why (?:is|are|does|do)~6 (?:important|matter|so important|a problem|necessary|difficult|essential|an issue)|what makes (?:that|this|it) (?:so )?(?:important|difficult|a problem)|why do {YOU} (?:say|think|feel) (?:that|so)|what would (?:make (?:that|this|it) (?:so )?(?:important|difficult|a problem)|make (?:\\S+ ){1,3}?(?:acceptable|affordable|worth it|a yes)|it take|help)",
        "^why (?:are|were) {YOU} (?:being|getting) so\\b",
    ),
    dn(
        "doorvragen",
        "what does that mean",
        "what does (?:that|this|it) (?:mean|involve|look like)|what do {YOU} understand by|how (?:do|does|did) {YOU} (?:notice|see) (?:that|it)|how come|in what way|(?:does|did|do|is|was) (?:that|this|it) (?:\\S+ )?(?:happen|happening)|what happened (?:after|then|next|before)|(?:about|after|before) (?:that|this) \\?|in {POSS} (?:opinion|view|experience) \\?|are we talking (?:about )?(?:\\S+ )?\\?|which part (?:of|exactly)|how (?:often|frequently|many times) (?:\\S+ ){0,5}?(?:like (?:that|this)|happen\\w*|occur\\w*|go(?:es)? wrong|went wrong|break\\w*|broke|crash\\w*|fail\\w*|stop\\w*|freez\\w*)\\b|how long (?:has|have) (?:\\S+ ){1,3}?been (?:\\S+ )?(?:happening|going on|like (?:that|this)|broken|a problem)|since when\\b",
    ),
    dn(
        "doorvragen",
        "you said",
        "{YOU} (?:said|mentioned|told me|talked about|spoke about|indicated|noted|say|mention) (?:\\S+ ){0,8}?(?:could|can|what|why|how|which|tell|explain)\\b|{YOU} (?:mentioned|said|told me about) \\?",
    ),
    // samenvatten
    dn(
        "samenvatten",
        "if i understand correctly",
        "if i (?:understand|understood|heard|got|get|hear) (?:you |it |that |this )?(?:correctly|right|well)|if i am (?:not )?(?:mistaken|right|correct)|(?:do|did) i (?:understand|get|hear) (?:you |it |that |this )?(?:correctly|right)|(?:am|was) i right (?:that|in)|(?:is|was) (?:it|that) (?:correct|right) that|correct me if i am wrong|did i get (?:that|it|everything) (?:right|correctly)|have i got (?:that|it|everything) right|let me (?:just )?(?:make sure|check) (?:i|that i) (?:understand|understood|got)|let me get (?:this|that|it) (?:right|straight)",
    ),
    dv(
        "samenvatten",
        "to sum up",
        Neg::Never,
        "to sum (?:it )?up|summing up|to summari[sz]e|in summary|summari[sz]ed|(?:let me|if i (?:may|might|can|could)|(?:can|may) i|allow me to|i will) (?:just )?(?:briefly |quickly )?(?:summari[sz]e|recap|sum (?:it |this |that |things )?up)|so in short|in short|in a nutshell|to recap|let me recap|(?:so )?basically {YOU}",
        "^(?:to sum up|in short|to summari[sz]e)(?: ,| :)? (?:our|my) (?:company|offer|products?|services?)",
    ),
    dn(
        "samenvatten",
        "so you ...",
        "(?:^|[.!?] )(?:ok |right |alright |oh |great )?so (?:{YOU} (?:are|looking for|want|need|would like|have|use|mean|prefer|think|expect|were|had|already|currently|mainly|mostly|still|just|only|basically|really|did|said|mentioned|plan|would prefer|wish|feel|worry)|what {YOU} (?:need|want|are looking for|mean) is|the (?:main )?(?:issue|problem|question|thing|point) is|if i)\\b",
    ),
    dv(
        "samenvatten",
        "so ...?",
        Neg::Never,
        "(?:^|[.!?,] )(?:ok |right |alright |oh )?so (?:\\S+ ){1,14}\\?",
        "^(?:[.!?,] )?(?:ok |right |alright |oh )?so (?:[.,!] )?(?:what|how|why|when|where|who|which|do|does|did|can|could|would|will|shall|should|is|are|may|might|have|has|deal|any|anything|ok|far)\\b",
    ),
    dn(
        "samenvatten",
        "just to check",
        "just to (?:check|confirm|make sure|be sure|be clear|clarify|recap)|(?:just )?so (?:i am|we are) (?:clear|sure|on the same page)|let me (?:just )?(?:confirm|repeat|recap)(?: that| if| whether| :| ,)|let me (?:just )?check (?:if|whether|that) i|{YOU} (?:said|mentioned|indicated|told me|explained) (?:that|earlier|before)|what i (?:hear|am hearing|understand) is|i hear {YOU} saying|so what {YOU} are saying is",
    ),
    // empathie
    dv(
        "empathie",
        "i understand",
        Neg::Before(3),
        "i (?:completely |totally |fully |really |perfectly |definitely |absolutely |do |can |truly |certainly )?(?:understand|get it|get that|get why|see why|see how|hear you|hear what {YOU})|(?:that|this|it) is (?:completely |totally |very |perfectly |quite )?understandable|understandabl[ey]|makes (?:total |perfect |complete )?sense (?:that|why)|(?:that|it) makes (?:total |perfect |complete )?sense|i know how (?:\\w+ ){0,2}(?:frustrating|annoying|difficult|hard|stressful|inconvenient)|i would be (?:\\S+ )?(?:annoyed|frustrated|upset|angry|disappointed|mad)",
        "^i (?:\\S+ )?(?:understand|get) (?:from|you (?:correctly|right)|it (?:correctly|right)|that (?:correctly|right)|(?:the|your) (?:order|invoice|offer|quote|question|product|request|email|message|system|manual|price)|the \\w+ (?:very )?well)\\b || (?:if|do|did) i (?:\\S+ )?(?:understand|get|hear)",
    ),
    d(
        "empathie",
        "i can imagine",
        Neg::Before(3),
        "(?:i )?can (?:only |well |totally |really )?imagine|i (?:can )?(?:completely |totally )?see (?:why|how) {YOU}|must (?:be|have been|feel) (?:\\w+ )?(?:frustrating|annoying|difficult|hard|stressful|inconvenient|disappointing|upsetting|a hassle|awful|horrible|terrible|a nuisance|a pain|worrying|a shock|shocking|scary|a surprise)|sounds (?:\\w+ )?(?:frustrating|annoying|difficult|stressful|inconvenient|disappointing|awful|horrible|terrible|worrying|like a (?:hassle|nightmare|pain|nuisance))|i (?:can )?(?:feel|sympathi[sz]e|empathi[sz]e) (?:for|with) {YOU}|feel for {YOU}|put myself in {POSS} (?:shoes|position)|(?:sorry|sad) to hear",
    ),
    dv(
        "empathie",
        "how annoying",
        Neg::Preceding(2),
        "(?:how|so|really|very|extremely|incredibly|terribly|that is|this is|it is|that must be|such an?|quite) (?:\\w+ )?(?:annoying|frustrating|inconvenient|unfortunate|irritating|disappointing|a pity|a shame|unpleasant|awful|terrible|horrible|stressful|upsetting|a hassle|a nuisance)|what a (?:pity|shame|nuisance|hassle|mess|bummer|pain)|(?:annoying|frustrating|inconvenient|unfortunate|disappointing|stressful) for {YOU}|oh no|too bad|bad luck|that is (?:really )?(?:bad|not nice|not great|not good|not ideal|not fun)|not (?:ideal|nice|great|fun) (?:for {YOU})",
        "^(?:\\S+ )?(?:\\S+ )?(?:annoying|frustrating|stressful) (?:to (?:call|ring|bother|disturb|say|ask)|for (?:me|us)|that i|when i)",
    ),
    dn(
        "empathie",
        "not what you want",
        "not what {YOU} (?:want|need|expect)",
    ),
    d(
        "empathie",
        "your frustration",
        Neg::Preceding(2),
        "{POSS} (?:frustration|annoyance|disappointment|concern|concerns|irritation|anger|worries|worry|feelings)|{YOU} are (?:absolutely |completely |totally |quite |perfectly )?right|{YOU} have every right|of course {YOU} are (?:upset|disappointed|angry|annoyed|frustrated)|no wonder {YOU}|(?:that|it) is (?:completely |totally |perfectly |very )?(?:logical|fair|reasonable|justified|normal) (?:that )?{YOU}|(?:i|we) take (?:this|that|it|your \\w+) (?:very )?seriously",
    ),
    // excuses
    dv(
        "excuses",
        "sorry",
        Neg::Before(1),
        "sorry|sorrie|apologies|apology|apologise|apologize|apologising|apologizing|excuse me|excuse us|pardon|forgive (?:me|us)|(?:we|i) (?:deeply |really )?regret|regrettabl\\w*|my bad",
        "^(?:sorry (?:but )?not sorry|sorry (?:\\S+ )?to hear|sorry state|apologi[sz]e to (?:the|a)|apology (?:is not|letter)) || (?:no need|need not|not need|do not have|never) to apologi\\w*|(?:{YOU}|he|she|they|colleague|{COLL}|driver|courier|rider|staff|shop|store|seller|supplier|carrier|postman|delivery (?:guy|man|person)) (?:already |also |even )?(?:said|say|says|owe|want|demand|expect)\\w* (?:\\S+ ){0,2}?(?:sorry|apolog\\w*)|(?:he|she|they|colleague|{COLL}|driver|courier|rider|staff|shop|store|seller|supplier|carrier|postman|delivery (?:guy|man|person)) (?:already |also |even )?apologi[sz]e[sd]?\\b|(?:demand|want|expect)\\w* (?:an )?apolog\\w*",
    ),
    d(
        "excuses",
        "should not have happened",
        // Only a cue right before it: the "not" is part of the apology.
        Neg::Preceding(2),
        "(?:that|this|it) (?:really |definitely |certainly |obviously )?(?:should|must|ought to) (?:not|never) (?:have )?(?:happened|happen|gone (?:like that|wrong))|(?:that|this|it) (?:was|is) not (?:supposed|meant) to (?:happen|have happened|go (?:like that|wrong))",
    ),
    // bedanken
    dv(
        "bedanken",
        "thank you",
        Neg::Before(2),
        "thank (?:you|u)|thanks|thankyou|many thanks|much appreciated|(?:i|we) (?:really |truly |greatly |very much |do )?appreciate (?:it|that|this|your|you|the)|(?:very |really |so )?grateful|cheers",
        "^(?:thanks to (?:the|our|a|an|this|that|its|it|his|her|their|new|modern|which)|thank (?:you|u) for nothing|thanks for nothing) || (?:said|say|says) (?:\\S+ )?thank",
    ),
    d(
        "bedanken",
        "good of you to",
        Neg::Clause,
        "(?:good|nice|kind|great) of {YOU} to (?:call|contact|let|reach|get|write|tell|wait)|(?:glad|good|great) {YOU} (?:let us know|told us|reached out|called|contacted|got in touch)",
    ),
    // oplossing
    dv(
        "oplossing",
        "i will / we can",
        Neg::Clause,
        "{WE} (?:will|shall|can|am going to|are going to|going to|would be (?:happy|glad) to|am (?:happy|glad) to|are (?:happy|glad) to|will be (?:happy|glad) to|would like to|want to|promise to|will personally|will gladly|will immediately|will quickly)(?: (?:{YOU}|it|this|that|then|now|right away|immediately|directly|straight away|today|tomorrow|personally|gladly|of course|certainly|definitely|also|just|quickly|happily|first))*(?: \\S+){0,2}? (?:{ACT})\\b|<S>(?:going to|will|gonna) (?:{ACT})\\b",
        "^\\S+ (?:will|shall|can|am going to|are going to|going to)(?: \\S+){0,5} (?:discuss|consult|ask|check (?:\\S+ )?with (?:my|our|a|the) (?:\\S+ )?{COLLX}|send (?:{YOU} )?(?:a )?(?:dm|pm|direct message|private message)|talk|speak|transfer|put (?:you )?through|connect|pass (?:it|this|that|your \\w+) on|forward|escalate|refer|raise|be honest|be brief|be clear|see\\b|think|wait|not)\\b|^\\S+ (?:can|will|shall) (?:\\S+ )?(?:imagine|understand|see why|see how)|^\\S+ can (?:\\S+ )?(?:plan|schedule|work|produce|operate|organi[sz]e|order|buy|purchase) (?:\\S+ ){0,3}?(?:better|more efficiently|more easily|faster|cheaper|in bulk|in advance|ahead)\\b|^\\S+ (?:can|could) (?:\\S+ )?do (?:it|that|this|them) (?:for|at) (?:_bedrag_|\\d\\S*|only|just|less|a (?:lower|better|good|special|reduced) price)|^\\S+ (?:am|are|would|will be|would like to|would love to)? ?(?:happy|glad|like|love)? ?to help\\b || (?:anything|something) (?:else )?(?:that )?(?:i|we) (?:can|could) (?:\\S+ )?(?:help|do)\\b",
    ),
    d(
        "oplossing",
        "we are sending",
        Neg::Clause,
        "{WE} (?:am|are) (?:now |already |currently |just )?(?:sending|arranging|replacing|refunding|fixing|checking|looking into|organi[sz]ing|processing|shipping|booking|scheduling|calling {YOU} back|sorting|repairing|crediting|resending|handling)\\b",
    ),
    d(
        "oplossing",
        "and we send it",
        Neg::Clause,
        "(?:and|then) (?:{WE} (?:will )?)?(?:call|ring|send|email|fix|replace|refund|repair|check|arrange|sort|deliver|collect|get back to|come back to) (?:{YOU}|it|this|that|them|a new|the|back)\\b|(?:and|then) (?:{WE} (?:will )?)?let {YOU} know\\b",
    ),
    dv(
        "oplossing",
        "let me check",
        Neg::Clause,
        "let me (?:just |quickly |personally |first )?(?:check|look|find out|see what|sort|fix|arrange|take care|look into|investigate|have a look|call|make sure|get (?:that|this|it|you|a)|send|help|solve|resolve|chase|follow)|let us (?:just )?(?:check|look|fix|sort|arrange|find|solve|resolve|send|replace|refund)|leave it (?:with|to) (?:me|us)",
        "^let me (?:just )?(?:check|see) (?:if i understand|whether i understand|that i\\b)|^let me (?:just |quickly |first )?(?:check|discuss|ask) (?:\\S+ ){0,2}?with (?:my|our|a|the) (?:\\S+ )?{COLLX}|^let me get (?:this|that|it) (?:right|straight)",
    ),
    d(
        "oplossing",
        "you will receive",
        Neg::Clause,
        "{YOU} (?:will|are going to|shall) (?:\\S+ )?(?:receive|get|hear)\\b|{YOU} will have (?:it|them|(?:a|an|the|your) (?:new |replacement |signed |\\S+ )?(?:quote|offer|invoice|replacement|refund|confirmation|parcel|package|order|delivery|bike|bikes|money|credit|voucher|answer|reply|update|proposal|contract|keys?)|(?:a|an|the|your) (?:\\S+ ){1,2}?(?:by|before|tomorrow|today|tonight))\\b|{YOU} (?:receive|get) (?:a |an |the |your )?(?:new|replacement|refund|full refund|credit|voucher|confirmation|call|update|compensation|free|money back)",
    ),
    dv(
        "oplossing",
        "will be sent",
        Neg::Clause,
        "(?:will|shall|is going to|are going to) be (?:\\S+ )?(?:replaced|sent|resent|shipped|refunded|credited|repaired|fixed|delivered|collected|picked up|sorted|resolved|solved|handled|arranged|processed|corrected|adjusted|reimbursed|compensated|exchanged|rescheduled|rebooked|dispatched|installed|updated|taken care of|back)|will (?:arrive|be there|be with you)|(?:is|are|has been|have been) (?:now |already |just )?(?:sorted|resolved|solved|fixed|arranged|refunded|credited|replaced|corrected|adjusted|dispatched|rebooked|rescheduled|booked)|(?:is|are) on (?:its|their|his|her|the) way",
        " || (?:price|rate|tariff|fee|cost|amount|premium|interest|rent)s? (?:\\S+ )?(?:is|are|stays|stay|remains|remain|will be|will stay) fixed\\b",
    ),
    d(
        "oplossing",
        "the technician will come",
        Neg::Clause,
        "(?:{COLL}\\w*|driver|courier|carrier|delivery|someone|somebody|he|she|they) (?:\\S+ ){0,3}?(?:will|is going to|are going to|can|shall|is coming|are coming|comes|come)~3 (?:come|visit|deliver|bring|collect|pick|call|contact|fix|repair|replace|swap|exchange|service|install|help|sort|check|look|arrive|be there|be with you|get in touch|drop|ring|phone|email|handle|take care|there|by|over|round|to you)\\b",
    ),
    d(
        "oplossing",
        "the solution is",
        Neg::Clause,
        "(?:what|the best) (?:i|we) can do (?:for {YOU} )?is|i have (?:a|the) solution|the solution is|here is (?:a|the|my|our) solution",
    ),
    dv(
        "oplossing",
        "we replace it",
        Neg::Clause,
        "(?:i|we) (?:replace|refund|credit|send|deliver|collect|repair|cover|pay for|waive|exchange|reimburse|compensate|fix|sort out|arrange|take care of|pick up|handle|offer (?:you )?(?:a |an )?(?:refund|discount|voucher|credit|replacement|compensation))\\b (?:\\S+ ){0,2}?(?:the|your|it|a new|them|this|that|today|tomorrow|everything|all)\\b",
        " || (?:may|can|could|shall|should) (?:i|we)",
    ),
    // naar-prive-kanaal
    dv(
        "naar-prive-kanaal",
        "dm / private message",
        Neg::Before(2),
        "dm|dms|pm|pms|direct message\\w*|private message\\w*|privately|in private|personal message|inbox|whatsapp\\w*|messenger|dm'?ed|dming|private chat",
        " || (?:read|got|received|saw|seen|answered) (?:your|the|our|a) (?:\\S+ )?(?:private message|dm|pm|message)|(?:dms|inbox|messages) (?:were|was|is|are) (?:full|closed)",
    ),
    dv(
        "naar-prive-kanaal",
        "email or call us",
        Neg::Before(2),
        "(?:email|mail|call|ring|phone|contact|text|message|whatsapp|reach)\\w* (?:us|our (?:customer service|support|team|service desk|helpdesk|help desk)|the (?:customer service|support team))|(?:drop|send|shoot) (?:us|me) (?:an? )?(?:email|mail|message|line|dm|pm)|(?:email|mail|message)\\w* (?:to|at) (?:_email_|us|our)|(?:call|ring|phone|text|contact|reach|email|mail|whatsapp)\\w* (?:\\S+ ){0,7}?(?:on |at |via )?(?:_email_|_url_|\\d{3,}\\S*|\\d+ \\d+ \\d+)|(?:via|through|by|over|on) (?:the |our |a |private |direct )?(?:chat|live chat|livechat|phone|telephone|whatsapp|dm|direct message|private message|messenger)|(?:use|try|open|start) (?:the |our )?(?:live ?chat|web ?chat|chat)\\b|(?:the |our )?(?:live ?)?chat (?:on|in|at) our (?:website|site|app|webshop)|_email_|(?:get|be) in touch (?:with us|privately)|contact (?:us|our)",
        " || forward\\w* (?:{POSS} |the |this |that |his |her |their )?(?:\\S+ )?(?:email|mail|message)\\w* to|(?:appreciate|thanks for|thank you for|for) (?:{YOU} |{POSS} )?(?:calling|contacting|emailing|messaging|ringing|texting|reaching)",
    ),
    dv(
        "naar-prive-kanaal",
        "by email",
        Neg::Before(2),
        "(?:via|through|by|over) (?:the |our |a |private |direct )?(?:email|e-mail|mail)",
        // Email as the route of something we send ("you'll receive a new
        // code by email") does not move the conversation.
        " || {YOU} (?:will |shall |are going to |can |should |would )?(?:\\S+ )?(?:receive|get)\\b|(?:i|we) (?:will |shall |are going to |am going to |can |would )?(?:\\S+ )?(?:send|resend|email|forward|confirm)\\b|(?:will|is|are|has|have|was|were) (?:\\S+ )?(?:be |been )?(?:sent|resent|emailed|forwarded|confirmed|delivered)\\b",
    ),
    // escaleren
    dv(
        "escaleren",
        "involve a colleague",
        Neg::Clause,
        "(?:discuss|consult|check|ask|talk|speak|pass|forward|escalate|refer|transfer|hand|put|connect|involve|bring in|get|run|loop in|raise|call in|contact|inform|alert|send)\\b~6 (?:my|our|a|the|one of (?:my|our)) (?:\\S+ )?{COLL}|(?:my|our|a|the) (?:\\S+ )?{COLLX}\\w*~6 (?:will|is going to|can|shall|is)~3 (?:call|contact|help|look|check|get|email|mail|phone|visit|come|handle|review|take|assess|be in touch|get in touch|ring|investigate|sort|decide)\\b|(?:i|we) (?:have |had )?(?:already |just )?(?:asked (?:my|our|a|the|one of (?:my|our)) (?:\\S+ )?{COLL}\\w* (?:\\S+ ){0,3}?to|(?:informed|alerted|involved|looped in|called in) (?:my|our|a|the|one of (?:my|our)) (?:\\S+ )?{COLL})",
        "^send (?:\\S+ )?(?:a|an|our|the|one of (?:my|our)) (?:\\S+ )?(?:technician|engineer|mechanic|fitter)s?\\b || (?:could|can|may|might) i (?:please |just |maybe |perhaps )?(?:speak|talk)|i would (?:like|love) to (?:speak|talk)|(?:is|are) (?:the|your) (?:\\S+ )?{COLL} (?:available|in|there)",
    ),
    dv(
        "escaleren",
        "put you through",
        Neg::Clause,
        "escalat(?:e|ed|ing)\\b|transfer\\w* (?:you|your call|the call|this)|put\\w* (?:you )?through to|connect(?:s|ing)? (?:you )?(?:with|to)|connected you (?:with|to)|pass\\w* (?:\\S+ ){0,3}on to|forward\\w* (?:\\S+ ){0,3}to (?:my|our|the)|hand\\w* (?:\\S+ ){0,3}over to|(?:i|we) (?:have |had |will |would |am going to |are going to |already |just |now )*(?:pass|passed|passing|hand|handed|handing) (?:it|this|that|them|{POSS} \\S+(?: \\S+)?|the (?:\\S+ )?(?:complaint|question|request|message|case|issue|problem|feedback)) (?:on|over)(?: [.,!?;:]| _emoji_| internally| and| so| now| already| right away| immediately| today| for {YOU}| just now|$)|(?:has|have|is|was) been (?:passed|handed) (?:on|over)\\b",
        " || (?:pass|hand|forward)\\w* (?:\\S+ ){0,3}(?:on |over )?to (?:your|you)\\b",
    ),
    // vervolgafspraak
    dv(
        "vervolgafspraak",
        "action and moment",
        Neg::Clause,
        "(?:call|calls|ring|send|sends|resend|resends|email|mail|receive|get|hear|will have|let {YOU} know|do (?:it|that|this)|meet|meeting|appointment|visit|drop by|stop by|deliver|delivers|delivered|ship|shipped|dispatch\\w*|collect|collects|picks? (?:\\S+ )?up|swaps?|exchanges?|brings?|contact|get back|comes? back|follow up|update|confirm|discuss|demo|presentation|talk|speak|see you|schedule|plan|book|catch up|be there|install|be with you|ready|expect|fix|sort|solve|resolve|refund|replace|repair|arrange|check|process|credit|arrive|be delivered)\\b~8 {TIME}|(?:{WE}|{YOU}|{COLL}|driver|courier|delivery|order|parcel|package|shipment|goods|it|they|he|she)\\w* (?:\\S+ ){0,3}?(?:come|comes|coming|arrive|arrives|arriving)\\b~6 {TIME}|{TIME}~8 (?:call|ring|send|email|mail|receive|get|hear|meet|visit|drop by|deliver|ship|dispatch\\w*|collect|contact|get back|follow up|confirm|talk|speak|see you|install|be there|have|sorted|resolved|fixed|arranged|delivered|refunded|credited|sent|shipped|ready)\\b",
        " || yesterday|last (?:week|month|night|time|appointment|order|\\w*day)|ago|earlier today|(?:i|we|it|they|he|she) (?:have|has|had) (?:already |just )?(?:sent|send|called|call|emailed|phoned|spoken|met|delivered|deliver|shipped|ship|rung|been|arranged|got|received)\\b|(?:has|have) been (?:\\S+ )?(?:delivered|sent|shipped|collected|dispatched)|do (?:it|that|this|them) (?:for|at) (?:_bedrag_|\\d\\S*|only|just|less)|within (?:2[4-9]|[3-9]\\d|\\d{3,}) hours|(?:i|we|it|they|he|she) (?:already |just )?(?:sent|called|emailed|phoned|spoke|met|delivered|shipped|rang|was|were|arrived|came|got|received|had)\\b|(?:was|were) (?:\\S+ )?(?:delivered|sent|shipped|collected|picked up)|(?:open|opening hours|closed|busy) |usually|always|normally|generally|often|only (?:on )?{DAY}\\b|every {DAY}|(?:where|wherever|whenever) possible",
    ),
    d(
        "vervolgafspraak",
        "proposal with moment",
        Neg::Clause,
        "<Q>(?:shall|can|could|should|may) (?:we|i)~8 (?:{DAY}|\\d{1,2}(?:st|nd|rd|th)? (?:of )?{MONTH}|\\d{1,2}(?:[:.]\\d\\d)? ?(?:am|pm|oclock)|at \\d{1,2}|(?:next|coming|this) (?:week|{DAY})|tomorrow\\w*)|how about~4 {TIME}|(?:does|would|will) {TIME}~5 (?:work|suit|be)|is {TIME}~3 (?:ok|convenient|possible|good|fine)|(?:are|would) {YOU} (?:be )?(?:available|free)~4 {TIME}|let me know {TIME}",
    ),
    // afsluitvraag
    dn(
        "afsluitvraag",
        "shall we go ahead",
        "<Q>(?:shall|should|can|could|may) (?:we|i)~5 (?:go ahead|proceed|confirm|finali[sz]e|book|reserve|place|process|sign|close|make it official|put (?:you|it) down|write (?:it|this|that|you) up|lock (?:it|this|that|in|the (?:order|deal|price))|agree|get started|start)\\b|<Q>(?:shall|can|could|may) (?:we|i)~3 (?:the |your |this |that )?(?:order|deal|contract|agreement|booking|purchase)",
    ),
    dn(
        "afsluitvraag",
        "do we have a deal",
        "(?:do|are|would|will) {YOU}~3 (?:agree|agreed|(?:ok|okay|fine|happy|alright|comfortable) (?:with|to) (?:going ahead|go ahead|proceeding|proceed|moving forward|move forward|signing|sign|ordering|order)|happy to (?:go ahead|proceed|order|sign|confirm)|ready to (?:order|sign|go ahead|proceed|place|confirm|commit|decide|move forward)|want to (?:go ahead|proceed|order|place|sign|confirm|book)|like to (?:go ahead|proceed|order|place|sign|confirm|book|reserve|buy|purchase)|(?:like|want) (?:me|us) to (?:go ahead|proceed|book|reserve|place|process|confirm|finali[sz]e|put (?:you|it|them) down|sign you up|send (?:you )?(?:the )?(?:contract|order confirmation|agreement|paperwork)|order (?:it|them|the|those|these)))|do we have a deal|have we got a deal|deal \\?|deal$|deal _emoji_|<Q>deal (?:\\S+ ){1,6}?\\?|is (?:that|it) a deal|are we agreed|can we agree|(?:is|are) (?:that|this|it|we) (?:agreed|settled)|shall we do (?:it|that|this)|(?:do|will|would) {YOU} (?:want to )?(?:take|buy|order|purchase|go for|accept) (?:it|them|the offer|this offer|our offer|these|those|\\d+)|(?:can|may|shall) i (?:send|email) (?:you )?(?:the )?(?:contract|order confirmation|agreement|paperwork)|(?:can|may) i (?:count on|put you down|book you|sign you up)|what is (?:stopping|holding) {YOU}",
    ),
    // bijverkoop
    d(
        "bijverkoop",
        "would you also like",
        Neg::Before(2),
        "(?:would|do|could|can|shall|may|will) (?:{YOU}|i)~4 (?:also|additionally|perhaps also|maybe also)~4 (?:like|want|need|add|order|take|consider|include|get|interest|offer)|(?:would|do) {YOU} (?:\\S+ ){0,6}?(?:as well|too|in addition)\\b ?\\?|(?:would|do) {YOU} (?:like|want|need) (?:a|an|some|our|the) (?:\\S+ ){1,3}(?:with|for) (?:that|this|it|them|the \\w+) \\?|(?:want|like) (?:us |me )?to add|(?:shall|can|may) i (?:also )?add|(?:would|do) {YOU} (?:like|want) (?:to add )?(?:the|an|a|our) (?:\\S+ ){0,2}?(?:warranty|insurance|protection plan|service plan|service contract|maintenance (?:plan|contract)|care plan|cover)\\b|(?:how|what) about adding|{YOU} (?:could|can|might|may) (?:also )?(?:add|upgrade|combine|extend)\\b",
    ),
    dv(
        "bijverkoop",
        "we also offer",
        Neg::Before(2),
        "(?:we|i) (?:also|additionally) (?:offer|have|sell|provide|recommend|do|rent|supply)|(?:we|i) (?:can|could) also (?:do|offer|provide|supply|install|add|include|deliver|arrange)|(?:we|i) (?:offer|have|sell|provide|recommend) (?:\\S+ ){0,3}?(?:as well|too)\\b|in addition(?: to that)?,? (?:we|i|{YOU})|(?:goes|go|pairs|pair|fits|fit|combines|combine) (?:really |very |perfectly |nicely |great |well )*with|works (?:really |very |perfectly )?well with|combined with|combine (?:\\S+ ){0,4}with|in combination with|matching \\w+|an upgrade|upgrade (?:to|your)|(?:for|at) (?:only |just )?(?:_bedrag_|\\d\\S*) (?:extra|more)|_bedrag_ (?:extra|more)|have {YOU} (?:already |ever )?(?:considered|thought about)|(?:are|would) {YOU} (?:also |perhaps |maybe )?(?:be )?interested in|(?:might|may) (?:also )?(?:be )?interest(?:ed|ing)|(?:also|might be|could be) (?:interesting|useful|handy) for {YOU}|many (?:\\S+ )?(?:also|often) (?:take|buy|order|choose|add|get)|(?:a|an) (?:extra|additional) (?:option|product|package)",
        "^in addition,? (?:i|we) (?:will|can|apologi|am|are)",
    ),
    dn(
        "bijverkoop",
        "do not forget",
        "(?:do not|never) forget (?:the|our|a|an|to add|to order)",
    ),
    // voordeel-benoemen
    dv(
        "voordeel-benoemen",
        "which means that you",
        Neg::Preceding(2),
        "(?:the|a|another|an extra|big|great|main|key|biggest|added|major|real|nice) (?:benefit|advantage)s?|(?:benefit|advantage)s? (?:for {YOU}|is|:|of (?:this|that|our))|(?:which|that|this|it) means (?:that )?(?:{YOU}|{POSS}|less|more|no|fewer|never)|meaning (?:that )?(?:{YOU}|{POSS}|the|less|more|no|fewer)|(?:which|that|this|it) (?:gives|offers|saves|lets|allows|helps|enables) (?:{YOU}|{POSS})|(?:which|that|this|it) (?:will )?(?:save|saves|saving) (?:{YOU} )?(?:time|money|costs|\\S+ (?:hours|euros|minutes|percent))|(?:that|this) way,? (?:{YOU}|{POSS})|so (?:that )?(?:{YOU}|{POSS} \\w+(?: \\w+)?) (?:can|will|do not|does not|never|always|gets?|saves?|no_longer|only (?:have|has|needs?)|knows? (?:exactly|where|what|how|for sure)|stays?|keeps?|remains?|avoids?|reduces?|(?:have|has) (?:no|less|more|fewer|one|a fixed)|(?:are|is) (?:always|never|sure|no_longer)|are not)|, so (?:\\S+ ){1,6}?(?:for|to) (?:{YOU}|{POSS} \\w+)\\b|(?:thanks to|because of|as a result of|because) (?:\\S+ ){1,7}?(?:, )?(?:{YOU}|{POSS} \\w+) (?:can|will|know|get|have|save|never|always|do not|are|no_longer|stay)|as a result,? {YOU}|{YOU} (?:save|will save|can save|benefit)|saves? {YOU}|savings?|{YOU} (?:will )?(?:never|no_longer|not) (?:have to|need to|need|have to worry|worry|get|pay)|{YOU} never (?:get|have|need|pay|worry|lose)|(?:{YOU}|{POSS} \\w+) always (?:have|get|know|ride|find)|no need (?:for {YOU} )?to (?:worry|buy|hire|have|pay|invest|replace|maintain|organi[sz]e|arrange|plan|charge)|peace of mind|(?:means|meaning|gives|get|have|so|for|with) (?:\\S+ ){0,3}?(?:less|fewer|no more|lower) (?:downtime|complaints|stress|hassle|worries|breakdowns|costs|back pain|theft|admin\\w*|paperwork|waiting|risk|energy costs|repairs)|(?:reduces?|prevents?|avoids?|avoiding) (?:\\S+ )?(?:downtime|complaints|stress|hassle|breakdowns|costs|back pain|theft|waiting|risk|repairs)|makes? it (?:easy|easier|simple|simpler|possible|quick|quicker) (?:for|to)|(?:{YOU}|{POSS} \\w+) (?:get|gets|have|has|will have|will get) (?:\\S+ ){0,3}?(?:less|more|no|fewer) (?:worries|hassle|costs|downtime|problems|complaints|time|space|comfort|flexibility)|(?:less|fewer|no) (?:\\S+ ){0,2}(?:worry|worries|hassle|stress|problems) for {YOU}|with (?:the|this|that|these|those|our|a|an) (?:\\S+ ){0,3}?(?:{YOU}|{POSS} \\w+) (?:(?:can|could|will) (?:\\S+ ){0,4}?(?:twice|double|more|longer|further|faster|easier|whole day|all day|without|save)|save|saves|never|no_longer)\\b",
        "^(?:the |a |an )?(?:\\S+ )?(?:benefit|advantage)s? for (?:us|me|our)\\b|^so {YOU} know ,|^so (?:that )?(?:\\S+ ){1,3}(?:will|is going to|are going to) (?:\\S+ )?(?:arrive|come|ship|be (?:late|delayed|later|postponed|cancell?ed|rescheduled)|take longer) || (?:what|which|how) (?:\\S+ ){0,6}(?:benefit|advantage)|what (?:would|could|might|will) (?:\\S+ )?make (?:it|things|this|that) (?:\\S+ )?(?:easier|simpler|easy|simple)|(?:in short|to sum up|so you want)",
    ),
    // onprofessioneel
    d(
        "onprofessioneel",
        "your own fault",
        Neg::Preceding(2),
        "(?:your|ur) (?:own )?(?:fault|problem|mistake|issue)|own fault",
    ),
    dn(
        "onprofessioneel",
        "blames or dismisses",
        "not (?:our|my) (?:problem|fault|responsibility|job|department|issue|concern|business)|{YOU} (?:must|probably|obviously|clearly|apparently|surely) (?:have )?(?:ridden|rode|used|handled|typed|entered|pressed|done|did|made|charged|parked|locked|left|set|installed|assembled|read|filled|ride|use|type|press)(?: \\S+){0,3}? (?:too (?:fast|hard|much|far|roughly|heavy|long)|wrong|wrongly|incorrectly|badly|improperly|carelessly|roughly|a mistake|something wrong|the wrong)\\b|{YOU} (?:must|probably|obviously|clearly|apparently|surely) (?:have )?(?:(?:dropped|broken|broke|damaged|crashed|overloaded|bumped|scratched|mistreated|misused|neglected) (?:it|them|the|your|that|this)|(?:misread|misunderstood|ignored|forgotten|forgot) (?:it|them|the|our|my|me|us|that|this|to))\\b|{YOU} (?:rode|were riding) (?:\\S+ ){0,2}?too (?:fast|hard|roughly)|{YOU} (?:clearly|obviously|apparently|probably) (?:did not|have not|never) (?:read|check|checked|follow|followed|charge|charged|lock|locked|look|looked|listen|listened)\\b|{YOU} should (?:have|of) (?:just )?(?:read|checked|looked|known|thought|been|paid)|{YOU} should (?:just )?read|read (?:the|our) (?:terms|conditions|website|email|small print|faq)(?: (?:first|properly|carefully|better))?|read it (?:properly|carefully|again|first)|(?:it|that) (?:is|was) (?:clearly|all|just|simply|literally|plainly|even) (?:\\S+ )?(?:on|in) (?:the|our) (?:website|site|terms)|next time,? (?:please |just |try to |maybe |you should )*(?:read|check|look|follow|pay attention|be more careful)\\b|(?:written|stated) on (?:the|our) (?:website|site)|calm down|(?:are|were) {YOU} (?:being|getting) so (?:difficult|dramatic|fussy|worked up|upset|angry)|stop being so (?:difficult|dramatic|fussy)|(?:read|check) (?:\\S+ ){1,4}?next time\\b|(?:^|[.!?] )whatever(?: [.!,]|$)|who cares|(?:i|we) do not care|deal with it|tough luck|too bad for {YOU}|{POSS} loss|stop (?:complaining|whining|moaning|nagging)|you people|figure it out yourself|sort it out yourself|(?:i|we) (?:have|already) (?:already )?(?:told|explained) (?:{YOU}|this|it|that)~3 (?:already|before|times|twice|\\w+ times)|explained (?:this|it|that) (?:\\S+ )?(?:times|twice)|how many times|as i (?:already )?said|like i said|not sorry|(?:do not|can not) (?:blame|complain to) (?:us|me)|blame yourself|(?:that|it) is not (?:our|my) fault|thanks for nothing|thank you for nothing|go (?:somewhere|elsewhere|some place)|take your business elsewhere|only one (?:complaining|who complains|with this problem)|{YOU} are the only (?:one|customer|person|client)s? (?:\\S+ )?(?:complain\\w*|with|having|who has)|(?:nobody|no one|no other customers?) (?:else )?(?:is )?(?:complain\\w*|has (?:this|that|had|ever)|ever)\\b|other customers (?:do not|never|have never|did not) (?:complain|have)|can not expect|(?:need|have|must) to sign (?:today|now)|sign (?:today|now) or|(?:do not|can not) (?:get|understand|see) why {YOU}(?: are| were)? (?:so|this|getting so|being so) (?:upset|angry|annoyed|mad|worked up|bothered|dramatic|difficult|fussy)|(?:it is|its|it was) (?:just|only) (?:(?:one|a|an|a few|a couple of|two|three|\\d+) )?(?:(?:day|days|week|weeks|hour|hours|minutes?) (?:late|later|delay|delayed|longer|extra|behind)|(?:little |small |tiny )?(?:scratch|dent))\\b|(?:sign|order|decide|buy|book)\\w* (?:\\S+ ){0,2}?(?:or|otherwise) (?:the|your|this) (?:discount|offer|deal|price|spot)s? (?:is gone|expires|will expire|goes|disappears|will be gone|is lost)",
    ),
    dn(
        "onprofessioneel",
        "rude or swearing",
        "damn|dammit|shit|shitty|fuck\\w*|crap|crappy|bloody|bullshit|stupid|idiot\\w*|moron|dumb|ridiculous|pathetic|wtf|ffs|jeez|pff+|sucks|shut up|piss\\w*|bitch\\w*|bastard|hell no|what the hell|are {YOU} (?:serious|kidding|stupid|deaf|blind)|not listening",
    ),
    d(
        "onprofessioneel",
        "calls it silly",
        Neg::Clause,
        "(?:silly|daft|dumb|stupid) (?:questions?|complaints?|remarks?|ideas?|requests?)",
    ),
    // vraagt-persoonsgegevens
    dv(
        "vraagt-persoonsgegevens",
        "asks for details",
        Neg::Clause,
        "(?:may|can|could|would|will) (?:i|we|{YOU})~6 {DATA}|(?:what|which) (?:is|are|was) (?:\\S+ ){0,2}?{DATA}|(?:what|which) {DATA}|(?:to|at|on|under) (?:what|which)~2 (?:address|number|email)|(?:send|give|share|provide|tell|dm|message|email|text|confirm|forward|include|mention|note|leave|add)(?: (?:me|us|it|over))? (?:\\S+ ){0,4}?(?:(?:{POSS}|ur) (?:\\S+ )?(?:{DATA}|details|number|name and address)|the (?:\\S+ )?{DATA})|{DATA}~3 (?:please|\\?)|please~3 {DATA}|with {POSS}~2 {DATA}|where do {YOU} live|need {POSS}~2 {DATA}",
        "^(?:send|give|share|tell|dm|message|email|text|confirm|forward|include|mention|note|leave|add) you\\b",
    ),
];

/// Words that, first in a clause, make it an open question.
const WH: &[&str] = &[
    "what",
    "who",
    "whom",
    "whose",
    "which",
    "where",
    "when",
    "why",
    "how",
    "wherefrom",
];

/// Words skipped before judging how a clause starts.
const DISCOURSE: &[&str] = &[
    "ok",
    "so",
    "and",
    "but",
    "well",
    "right",
    "alright",
    "now",
    "also",
    "great",
    "perfect",
    "good",
    "fine",
    "sure",
    "yes",
    "yeah",
    "yep",
    "no_",
    "oh",
    "ah",
    "hmm",
    "hi",
    "hello",
    "hey",
    "sorry",
    "then",
    "anyway",
    "btw",
    "besides",
    "okay",
    "excellent",
    "lovely",
    "cool",
    "nice",
    "thanks",
    "_emoji_",
    "dear",
    "mr",
    "mrs",
    "ms",
    "sir",
    "madam",
    "first",
    "finally",
    "lastly",
    "secondly",
    "thirdly",
    "just",
    "quick",
    "question",
    "actually",
    "also",
    "by",
    "the",
    "way",
    "understood",
    "clear",
    "interesting",
];

/// "what a pity!", "how annoying": an exclamation, not a question.
const EXCLAMATIVE: &[&str] = &[
    "a",
    "an",
    "annoying",
    "frustrating",
    "nice",
    "great",
    "lovely",
    "awful",
    "terrible",
    "horrible",
    "unfortunate",
    "sad",
    "wonderful",
    "good",
    "bad",
    "strange",
    "weird",
    "inconvenient",
    "irritating",
    "disappointing",
    "stressful",
    "exciting",
    "interesting",
    "amazing",
    "fantastic",
    "cool",
    "fun",
    "unlucky",
    "silly",
    "stupid",
    "sweet",
    "very",
    "really",
    "so",
    "incredibly",
    "upsetting",
];

/// Words after "how" that ask an open question ("how much", "how long").
const HOW_WORDS: &[&str] = &[
    "much",
    "many",
    "long",
    "often",
    "soon",
    "far",
    "big",
    "large",
    "old",
    "quickly",
    "fast",
    "early",
    "late",
    "important",
    "satisfied",
    "happy",
];

/// Auxiliaries and modals that, first in a clause and followed by a subject,
/// ask a yes/no question.
const AUX: &[&str] = &[
    "do", "does", "did", "is", "are", "was", "were", "am", "can", "could", "would", "will",
    "shall", "should", "may", "might", "have", "has", "had", "must", "need",
];

const SUBJECTS: &[&str] = &[
    "you",
    "i",
    "we",
    "it",
    "that",
    "this",
    "there",
    "they",
    "he",
    "she",
    "your",
    "the",
    "my",
    "our",
    "these",
    "those",
    "anyone",
    "anybody",
    "someone",
    "somebody",
    "everything",
    "everyone",
    "mr",
    "mrs",
    "ms",
];

/// Openers of a subordinate clause after which an inverted main clause is no question.
const SUBORDINATORS: &[&str] = &[
    "if", "when", "once", "because", "as", "since", "while", "although", "though", "unless",
    "after", "before", "whenever",
];

/// Verbs that embed an open question: "could you tell me what ...".
const EMBEDDING: &[&str] = &[
    "tell",
    "explain",
    "describe",
    "share",
    "show",
    "know",
    "ask",
    "wondering",
    "wonder",
    "curious",
    "indicate",
    "say",
    "outline",
    "walk",
    "mention",
    "clarify",
];

/// "tell me about", "walk me through", "describe": an open request.
const OPEN_REQUESTS: &[&str] = &[
    "tell",
    "describe",
    "explain",
    "walk",
    "talk",
    "share",
    "outline",
    "elaborate",
];

/// Words between "could you" and the verb of a request ("could you
/// please briefly describe ...").
const REQUEST_FILLERS: &[&str] = &[
    "please", "maybe", "perhaps", "just", "briefly", "quickly", "kindly", "also", "first", "now",
    "then",
];

/// Whether the clause `toks[i..ce]` starts with a request to tell, explain
/// or describe: "tell me (a bit) more / about", "walk me through",
/// "describe", "explain that", "elaborate", "give me an idea of", "go into
/// detail" (also as "telling", "describing" after "would you mind"). "Tell
/// me if ...", "explain whether ..." ask yes or no; "tell me your address"
/// asks for a detail.
fn open_request(an: &Analysis, i: usize, ce: usize) -> bool {
    let w = |k: usize| canon_at(an, i + k, ce);
    let verb = match w(0) {
        "telling" => "tell",
        "walking" => "walk",
        "talking" => "talk",
        "taking" => "take",
        "describing" => "describe",
        "explaining" => "explain",
        "outlining" => "outline",
        "elaborating" => "elaborate",
        "expanding" => "expand",
        "clarifying" => "clarify",
        "sharing" => "share",
        "saying" => "say",
        "giving" => "give",
        "going" => "go",
        other => other,
    };
    // "me", "us" after the verb; `o` is where the rest begins.
    let o = usize::from(matches!(w(1), "me" | "us"));
    let (a, b, c) = (w(1 + o), w(2 + o), w(3 + o));
    let more_or_about = |a: &str, b: &str, c: &str| {
        matches!(a, "more" | "about")
            || (matches!(a, "some" | "something") && matches!(b, "more" | "about"))
            || (a == "a" && matches!(b, "bit" | "little") && matches!(c, "more" | "about"))
    };
    match verb {
        "tell" | "say" => more_or_about(a, b, c),
        "walk" | "talk" | "take" | "guide" | "run" => o == 1 && a == "through",
        "describe" | "explain" | "outline" | "elaborate" | "clarify" | "expand" => {
            let yes_no = matches!(a, "if" | "whether");
            // "expand" asks to tell only as "expand on".
            !yes_no && (verb != "expand" || a == "on")
        }
        "share" => {
            more_or_about(a, b, c)
                || (a == "your"
                    && matches!(
                        b,
                        "thoughts" | "experience" | "experiences" | "view" | "views" | "ideas"
                    ))
        }
        "give" => {
            o == 1
                && matches!(a, "a" | "an" | "some")
                && matches!(
                    b,
                    "idea" | "overview" | "impression" | "picture" | "description" | "sense"
                )
        }
        "go" => a == "into" && matches!(b, "detail" | "details" | "more"),
        _ => false,
    }
}

const NEGATION_CUES: &[&str] = &[
    "not", "never", "no", "nothing", "none", "nobody", "nowhere", "neither", "nor", "without",
    "unable", "hardly",
];

const GOVERNING_VERBS: &[&str] = &[
    "promise",
    "promised",
    "guarantee",
    "guaranteed",
    "say",
    "said",
    "assure",
    "confirm",
    "tell",
    "think",
    "expect",
];

const EXTRA_VOCABULARY: &[&str] = &[
    "apologise",
    "apologize",
    "apologies",
    "understand",
    "understandable",
    "frustrating",
    "annoying",
    "inconvenience",
    "unfortunately",
    "colleague",
    "manager",
    "supervisor",
    "department",
    "tomorrow",
    "thanks",
    "appreciate",
    "replacement",
    "refund",
    "arrange",
    "schedule",
    "address",
    "postcode",
    "number",
    "details",
    "afternoon",
    "morning",
    "evening",
    "summarise",
    "summarize",
    "example",
    "explain",
    "advantage",
    "benefit",
    "means",
    "delivery",
    "message",
    "private",
    "please",
    "customer",
    "imagine",
    "escalate",
    "wednesday",
    "thursday",
    "saturday",
    "tuesday",
    "friday",
    "monday",
    "sunday",
    "definitely",
    "immediately",
    "personally",
    "interested",
    "additional",
    "combination",
    "maintenance",
    "recommend",
];

pub(crate) const GRAMMAR: Grammar = Grammar {
    defs: DEFS,
    classes: CLASSES,
    time: TIME,
    question_lead: "ok|so|and|then|right|well|great|perfect|alright|good|_emoji_",
    negation_cues: NEGATION_CUES,
    governing_verbs: GOVERNING_VERBS,
    complementisers: &["that"],
    extra_vocabulary: EXTRA_VOCABULARY,
};

pub(crate) fn price_context() -> Option<Pattern> {
    compile(
        "(?:costs?|costing|priced at|the price is|price of|prices start at|for only|for just|total is|total of|comes to|come to|amounts to|works out at) (?:\\w+ ){0,2}?\\d[\\d.,]*(?: per \\w+)?|\\d[\\d.,]* (?:per|a|each|an) (?:bike|unit|piece|month|year|week|day|hour|person|licen[cs]e|chair|item|machine|seat|user)|\\d[\\d.,]* (?:excluding|including|excl|incl) (?:vat|tax)",
        true,
        &GRAMMAR,
    )
}

/// Question type per clause: open (question word first, embedded question or
/// open request), closed (auxiliary + subject first, tag question, statement + "?").
pub(crate) fn question_hits(an: &Analysis, out: &mut Vec<Hit>) {
    for_each_sentence(an, |s, e, mark, sentence_end| {
        sentence(an, s, e, mark == "?", sentence_end, out)
    });
}

fn sentence(
    an: &Analysis,
    s: usize,
    e: usize,
    question: bool,
    sentence_end: usize,
    out: &mut Vec<Hit>,
) {
    let toks = &an.toks;
    let clauses = clauses(an, s, e);
    let mut found = false;
    for (k, &(cs, ce)) in clauses.iter().enumerate() {
        let mut f = cs;
        while f + 1 < ce && DISCOURSE.contains(&toks[f].canon.as_str()) {
            f += 1;
        }
        let (t0, t1, t2) = (
            canon_at(an, f, ce),
            canon_at(an, f + 1, ce),
            canon_at(an, f + 2, ce),
        );
        let last = k + 1 == clauses.len();
        let end = if last { sentence_end } else { ce };
        let after_subordinate = k > 0 && {
            let (ps, pe) = clauses[k - 1];
            let mut g = ps;
            while g < pe && DISCOURSE.contains(&toks[g].canon.as_str()) {
                g += 1;
            }
            g < pe && SUBORDINATORS.contains(&toks[g].canon.as_str())
        };
        let clause_has = |w: &str| toks[f..ce].iter().any(|t| t.canon == w);
        // Open: question word first ("what", "how long", "in what way").
        let wh_first = WH.contains(&t0)
            || (matches!(
                t0,
                "in" | "to" | "for" | "from" | "with" | "on" | "at" | "by" | "about" | "under"
            ) && matches!(t1, "what" | "which" | "whom" | "how"));
        // "..., which means ...": a relative clause, no question.
        let relative = k > 0
            && !question
            && matches!(t0, "which" | "who" | "whom" | "whose" | "where" | "when");
        if wh_first && !relative {
            let exclamation = matches!(t0, "what" | "how")
                && EXCLAMATIVE.contains(&t1)
                && !HOW_WORDS.contains(&t1)
                && !question;
            let how_about = t0 == "how" && t1 == "about";
            // "what you need is ...", "how much it costs depends ...": a
            // subject right after the question word (or its "much"/"long").
            let pronoun = |w: &str| {
                matches!(
                    w,
                    "i" | "you" | "we" | "they" | "he" | "she" | "it" | "your" | "our" | "my"
                )
            };
            // "which one you choose is up to you": a noun, then a subject.
            let subordinate = !question
                && t0 != "who"
                && (pronoun(t1)
                    || (t0 == "how" && HOW_WORDS.contains(&t1) && pronoun(t2))
                    || (t0 == "which" && pronoun(t2)));
            // "who knows", "which is why ...", "which means ...", "where
            // possible we ...".
            let idiom = !question
                && ((t0 == "who" && t1 == "knows")
                    || (t0 == "where" && matches!(t1, "possible" | "necessary" | "needed"))
                    || (t0 == "which"
                        && matches!(t1, "is" | "means" | "was" | "makes" | "gives" | "saves")));
            let only_word = t1.is_empty() && !question && !matches!(t0, "why" | "what" | "how");
            if !exclamation
                && !subordinate
                && !idiom
                && !only_word
                && !after_subordinate
                && !how_about
            {
                out.push(hit("open-vraag", "question word first", f, end));
                found = true;
                continue;
            }
        }
        // "tell me about ...", "walk me through ...", "describe ...".
        let request = OPEN_REQUESTS.contains(&t0)
            && (open_request(an, f, ce)
                || ((matches!(t1, "me" | "us")
                    || matches!(t0, "describe" | "explain" | "outline"))
                    && !matches!(t2, "if" | "whether")));
        if request {
            out.push(hit("open-vraag", "open request", f, end));
            found = true;
            continue;
        }
        // "I'd like to know what ...", "I was wondering how ...", "I'm curious about ...".
        let curious = matches!(t0, "i" | "we")
            && toks[f..ce].windows(3).any(|w| {
                let (a, b, c) = (
                    w[0].canon.as_str(),
                    w[1].canon.as_str(),
                    w[2].canon.as_str(),
                );
                (a == "to" && b == "know" && WH.contains(&c))
                    || (matches!(b, "wonder" | "wondering" | "curious")
                        && (WH.contains(&c) || (c == "about" && question)))
            });
        if curious {
            out.push(hit("open-vraag", "embedded question", f, end));
            found = true;
            continue;
        }
        // Closed: auxiliary + subject first ("do you", "is it", "don't you").
        let verb_first = AUX.contains(&t0)
            && (SUBJECTS.contains(&t1)
                || (t1 == "not" && SUBJECTS.contains(&t2))
                || (t1 == "there" && !t2.is_empty()));
        // Conditional inversion ("should you have questions, call us"), and
        // "would you believe it, ...".
        let conditional = !question
            && ((matches!(t0, "should" | "had" | "were") && clauses.get(k + 1).is_some())
                || (t0 == "would" && t2 == "believe"));
        let polite_imperative =
            !question && clause_has("please") && matches!(t0, "do") && t1 == "not";
        if verb_first && !after_subordinate && !conditional && !polite_imperative {
            // Embedded open question: "could you tell me what ...".
            let rest = &toks[f + 1..ce];
            let embedded = rest.iter().enumerate().any(|(i, t)| {
                EMBEDDING.contains(&t.canon.as_str())
                    && rest[i + 1..]
                        .iter()
                        .take(3)
                        .any(|w| WH.contains(&w.canon.as_str()))
            });
            // "could you tell me more about ...", "can you walk me through
            // ...", "would you (mind) describing ...": a request to tell,
            // which no yes or no answers.
            let request = matches!(t0, "could" | "can" | "would" | "will") && t1 == "you" && {
                let mut j = f + 2;
                while j < ce && REQUEST_FILLERS.contains(&toks[j].canon.as_str()) {
                    j += 1;
                }
                if toks.get(j).is_some_and(|t| t.canon == "mind") {
                    j += 1;
                }
                open_request(an, j, ce)
            };
            if embedded {
                out.push(hit("open-vraag", "embedded question", f, end));
            } else if request {
                out.push(hit("open-vraag", "request to tell", f, end));
            } else {
                out.push(hit("gesloten-vraag", "auxiliary + subject first", f, end));
            }
            found = true;
            continue;
        }
        // Tag questions: "..., right?", "..., isn't it?", "correct?"
        let tag = last
            && k > 0
            && question
            && (matches!(
                t0,
                "right" | "correct" | "ok" | "yes" | "agreed" | "deal" | "true" | "no_"
            ) || (AUX.contains(&t0) && (t1 == "not" || SUBJECTS.contains(&t1)) && ce - f <= 3));
        if tag {
            out.push(hit("gesloten-vraag", "tag question", f, end));
            found = true;
        }
    }
    if question && !found {
        out.push(hit(
            "gesloten-vraag",
            "sentence with question mark",
            s,
            sentence_end,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::catalogue::rules;
    use super::*;

    #[test]
    fn every_english_pattern_compiles() {
        assert_eq!(rules(&GRAMMAR).len(), DEFS.len());
        assert!(price_context().is_some());
    }

    #[test]
    fn english_rules_name_catalogue_behaviours_other_than_the_register() {
        for def in DEFS {
            assert!(super::super::super::behaviour(def.behaviour).is_some());
            assert!(!matches!(def.behaviour, "u-vorm" | "je-vorm"));
        }
    }
}
