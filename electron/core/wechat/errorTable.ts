import type { LocalizedText } from '../../../shared/text';

/**
 * What a caller does with an errcode: retry after a backoff, refresh the access token once and
 * retry, stop and tell the user what to fix, or stop (a fault no user action resolves).
 */
export type ErrorCategory = 'retry' | 'refreshToken' | 'userFix' | 'fatal';

export interface ErrcodeInfo {
  category: ErrorCategory;
  message: LocalizedText;
  /** What the user can do about it. */
  action: LocalizedText;
}

const entry = (category: ErrorCategory, en: string, zh: string, actionEn: string, actionZh: string): ErrcodeInfo => ({
  category,
  message: { en, 'zh-CN': zh },
  action: { en: actionEn, 'zh-CN': actionZh },
});

const WAIT = ['QR Pack retries on its own; if it keeps happening, try again later.', 'QR Pack 会自动重试;如持续出现,请稍后再试。'] as const;
const FIX_PRODUCT = ['Check the product code and its settings, then try again.', '请检查商品编码及其设置后重试。'] as const;
const REPORT = ['This is a fault in QR Pack or WeChat; the details are in the log file.', '这是 QR Pack 或微信侧的故障,详情已写入日志文件。'] as const;

/** Every errcode of the APIs we call (see ../shared/reference/wechat-api.md). */
export const ERRCODES: Readonly<Record<number, ErrcodeInfo>> = {
  [-1]: entry('retry', 'WeChat is busy.', '微信系统繁忙。', ...WAIT),
  40001: entry('refreshToken', 'The access token is invalid or no longer the latest (or the AppSecret is wrong).', 'access_token 无效或不是最新的(或 AppSecret 错误)。', 'QR Pack fetched a new token and retried. If it persists, check the AppSecret, and use the stable token mode when several computers share one AppID.', 'QR Pack 已重新获取令牌并重试。如仍出现,请检查 AppSecret;多台电脑共用一个 AppID 时请使用稳定版令牌模式。'),
  40013: entry('userFix', 'The AppID is not valid.', 'AppID 无效。', 'Check the AppID in Account & settings.', '请在“账号与设置”中检查 AppID。'),
  40014: entry('refreshToken', 'The access token is not valid.', 'access_token 不合法。', 'QR Pack fetched a new token and retried.', 'QR Pack 已重新获取令牌并重试。'),
  40056: entry('userFix', 'A card code is not valid (empty or malformed).', '卡券 code 无效(为空或格式错误)。', 'Remove empty or malformed codes from the list.', '请删除列表中为空或格式错误的 code。'),
  40073: entry('userFix', 'The card does not exist.', '卡券不存在。', 'Check the card_id.', '请检查 card_id。'),
  40072: entry('userFix', "The card's code mode does not allow this (deposits need use_custom_code and the deposit mode).", '卡券的 code 模式不允许此操作(导入 code 需要 use_custom_code 和预存模式)。', 'Set the deposit mode on the card (qrpack card deposit-mode), then deposit again.', '请先将卡券设为预存模式(qrpack card deposit-mode),再导入。'),
  40099: entry('userFix', 'This card code has been received or used already.', '该卡券 code 已被领取或核销。', 'Each custom code is received once; print a code not yet used.', '每个自定义 code 只能领取一次;请使用尚未使用的 code。'),
  40122: entry('userFix', "The card's stock is not valid: below 0, or above the codes deposited for a deposit-mode card.", '卡券库存不合法:小于 0,或预存模式卡券的库存超过已导入的 code 数。', "Bring the stock to the number of codes deposited (qrpack card stock).", '请把库存调整为已导入的 code 数(qrpack card stock)。'),
  45021: entry('userFix', 'A field is longer than WeChat allows (code: 20 characters, outer_str: 128).', '字段超出微信的长度限制(code:20 个字符,outer_str:128 个)。', 'Shorten the value.', '请缩短该值。'),
  45031: entry('userFix', "The card's stock is 0: nobody can receive it.", '卡券库存为 0:无法领取。', 'Raise the stock to the number of codes deposited (qrpack card stock --increase N).', '请把库存提高到已导入的 code 数(qrpack card stock --increase N)。'),
  40097: entry('userFix', 'A request parameter is not valid.', '请求参数不合法。', 'Check the values entered.', '请检查填写的内容。'),
  40109: entry('userFix', 'More than 100 codes in one call.', '单次调用的 code 超过 100 个。', 'QR Pack sends codes in groups of 100; report this if you see it.', 'QR Pack 会按每组 100 个发送;如看到此提示请反馈。'),
  40125: entry('userFix', 'The AppSecret is not valid.', 'AppSecret 无效。', 'Enter the current AppSecret in Account & settings (it changes when reset on the WeChat platform).', '请在“账号与设置”中填写当前的 AppSecret(在微信公众平台重置后会变化)。'),
  40164: entry('userFix', "This computer's IP address is not on the account's API IP whitelist.", '本机 IP 不在该账号的接口 IP 白名单中。', "Add this computer's public IP address to the IP whitelist on the WeChat platform, or use the brand's token service.", '请在微信公众平台将本机公网 IP 加入 IP 白名单,或改用品牌方的令牌服务。'),
  41001: entry('refreshToken', 'The access token is missing.', '缺少 access_token。', 'QR Pack fetched a new token and retried.', 'QR Pack 已重新获取令牌并重试。'),
  42001: entry('refreshToken', 'The access token has expired.', 'access_token 已过期。', 'QR Pack fetched a new token and retried.', 'QR Pack 已重新获取令牌并重试。'),
  45009: entry('userFix', "The account's daily API quota is used up.", '该账号今日接口调用次数已用完。', 'The batch is paused and resumes where it stopped: try again tomorrow, or reset the quota (Reset the daily quota, beside this message or on Account & settings; 10 times a month).', '批次已暂停,可从中断处继续:请明天再试,或清零调用次数(此消息旁或“账号与设置”中的“清零今日调用次数”;每月 10 次)。'),
  45011: entry('retry', 'Too many calls per minute.', '每分钟调用次数超过限制。', 'QR Pack slows down and retries on its own.', 'QR Pack 会自动降速重试。'),
  47001: entry('fatal', 'WeChat could not read the request (bad JSON).', '微信无法解析请求(JSON 格式错误)。', ...REPORT),
  48001: entry('userFix', 'This account is not authorised for this API.', '该账号没有此接口的权限。', 'Ask the brand to enable the scan (扫一扫) / card / Mini Program permissions for this AppID.', '请品牌方为该 AppID 开通扫一扫 / 卡券 / 小程序相关权限。'),
  48006: entry('userFix', 'The quota has been reset 10 times this month already.', '本月清零次数(10 次)已用完。', 'Wait for next month, or for the daily quota to renew.', '请等待下月,或等待每日调用次数恢复。'),
  61305: entry('userFix', "The product code is outside the brand's barcode segment.", '商品编码不在品牌方的条码号段内。', ...FIX_PRODUCT),
  61314: entry('userFix', 'The extinfo is not valid: use only A–Z a–z 0–9 - _ ( ) . *', 'extinfo 无效:只能使用 A–Z a–z 0–9 - _ ( ) . *', 'Change the extinfo pattern or the CSV so every value uses only these characters.', '请修改 extinfo 规则或 CSV,使每个值只含这些字符。'),
  61316: entry('userFix', 'The barcode conflicts with another product.', '条码与其他商品冲突。', ...FIX_PRODUCT),
  61317: entry('userFix', 'WeChat does not know this wxticket: it expired (a wxticket lasts 20 minutes after the scan) or never existed (mistyped, or from a shared link, where WeChat empties it).', '微信不认识此 wxticket:已过期(扫码后 20 分钟内有效)或从未存在(输入有误,或来自转发的链接,转发时微信会清空它)。', 'Scan the code again and check the fresh ticket within 20 minutes.', '请重新扫码,并在 20 分钟内检查新的 ticket。'),
  61334: entry('userFix', 'The product does not exist.', '商品不存在。', 'Check the product code, or create the product first.', '请检查商品编码,或先创建商品。'),
  61337: entry('userFix', 'The product already exists.', '商品已存在。', 'Edit the existing product instead.', '请改为编辑已有商品。'),
  61341: entry('userFix', 'The whitelist is too large: at most 10 openids and usernames together.', '白名单过大:openid 与微信号合计最多 10 个。', 'Remove testers until there are 10 or fewer.', '请删减测试人员至 10 个以内。'),
  61342: entry('userFix', 'The code standard does not match the product.', '编码标准与商品不一致。', ...FIX_PRODUCT),
  61343: entry('userFix', 'The code standard (keystandard) is not valid.', '编码标准(keystandard)无效。', 'Use ean13, ean8, upc-a or qrcode.', '请使用 ean13、ean8、upc-a 或 qrcode。'),
  61350: entry('userFix', 'A value in the request is not valid.', '请求中的取值无效。', 'Check the values entered.', '请检查填写的内容。'),
  61351: entry('userFix', 'A value in the request is too long.', '请求中的内容过长。', 'Shorten the value.', '请缩短内容。'),
  63158: entry('userFix', 'The account already has 100,000 products (the maximum).', '该账号商品数已达上限(10 万个)。', 'Clear products that are no longer used.', '请清除不再使用的商品。'),
  63166: entry('userFix', 'The product is under review: it can be neither edited nor unpublished now.', '商品正在审核中,暂不能修改或取消发布。', 'Wait until the review ends, then try again.', '请等审核结束后再操作。'),
  63167: entry('userFix', 'The product is not published.', '商品尚未发布。', 'Submit the product for review first.', '请先提交商品审核。'),
  44990: entry('retry', 'Calls are too frequent.', '调用过于频繁。', ...WAIT),
  85066: entry('userFix', 'The link prefix is not valid.', '链接前缀不合法。', 'Use a full https:// prefix on a domain the brand owns.', '请使用品牌方所属域名下完整的 https:// 前缀。'),
  85067: entry('userFix', 'The rule is not valid (its path or settings).', '规则不合法(路径或设置有误)。', 'Check the Mini Program page path and the rule settings.', '请检查小程序页面路径和规则设置。'),
  85068: entry('userFix', 'A test link does not match the rule prefix.', '测试链接与规则前缀不匹配。', 'Every test link must start with the prefix.', '每个测试链接都必须以该前缀开头。'),
  85069: entry('userFix', 'The verification file was not found on the domain.', '未在该域名下找到校验文件。', 'Download the verification file and host it at the root of the prefix domain.', '请下载校验文件并放到该前缀域名的根目录。'),
  85070: entry('userFix', 'The link is blocked.', '该链接已被封禁。', 'Use another prefix.', '请使用其他前缀。'),
  85071: entry('userFix', 'A rule for this prefix already exists.', '该前缀的规则已存在。', 'Edit the existing rule instead.', '请改为编辑已有规则。'),
  85072: entry('userFix', 'The prefix is taken by another Mini Program.', '该前缀已被其他小程序占用。', 'Use another prefix.', '请使用其他前缀。'),
  85073: entry('userFix', 'Too many QR-code rules.', '二维码规则数量超过上限。', 'Delete rules that are no longer used.', '请删除不再使用的规则。'),
  85074: entry('userFix', 'The Mini Program has no released version.', '小程序尚未发布。', 'Release the Mini Program first, then publish the rule.', '请先发布小程序,再发布规则。'),
  85075: entry('userFix', 'Personal Mini Programs cannot use QR-code rules.', '个人类型小程序不能设置二维码规则。', 'Use a Mini Program of an organisation.', '请使用企业等主体的小程序。'),
  85095: entry('userFix', 'WeChat reports a data exception for this rule.', '该规则数据异常。', 'Delete the rule and add it again.', '请删除该规则后重新添加。'),
  886000: entry('userFix', 'The monthly publish quota (100) of QR-code rules is used up.', '本月二维码规则发布次数(100 次)已用完。', 'Wait for next month.', '请等待下月。'),
};

/** Timeouts and refused connections: not WeChat's answer, but worth the same retry. */
export const NETWORK_ERRCODE = -2;

export function errcodeInfo(errcode: number, errmsg = ''): ErrcodeInfo {
  if (errcode === NETWORK_ERRCODE) {
    return entry('retry', 'WeChat could not be reached (network error or timeout).', '无法连接微信(网络错误或超时)。', 'Check the network connection; QR Pack retries on its own.', '请检查网络连接;QR Pack 会自动重试。');
  }
  return (
    ERRCODES[errcode] ??
    entry('fatal', `WeChat refused the call (${errmsg || 'no message'}).`, `微信拒绝了请求(${errmsg || '无说明'})。`, ...REPORT)
  );
}
